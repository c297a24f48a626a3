"""What build_lowercase.py and build_yo.py share: the pinned OpenCorpora
analyser, the forms of the built Russian lexicon, and the licence lines of
the tables derived from both (CC BY-SA 4.0, as the lexicon)."""

from __future__ import annotations

import gzip
import importlib.metadata
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LEXICON = REPO / "dictionaries/ru/lexicon.tsv.gz"
PINS = {"pymorphy3": "2.0.6", "pymorphy3-dicts-ru": "2.4.417150.4580142"}
LICENCE = [
    "# Licence: OpenCorpora dictionary data (opencorpora.org), CC BY-SA 3.0, and",
    "# wordfreq data, CC BY-SA 4.0; this file is an adaptation of both and is",
    "# distributed under CC BY-SA 4.0; keep this attribution.",
]


def analyser():
    """pymorphy3's analyser with OpenCorpora's Russian dictionary, and the
    versions read; stops if an installed package is not the pinned one
    (unless --any-version is given)."""
    versions = {name: importlib.metadata.version(name) for name in PINS}
    for name, pin in PINS.items():
        if versions[name] != pin and "--any-version" not in sys.argv:
            sys.exit(f"{name} {versions[name]} installed, {pin} pinned (--any-version to go on)")
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru"), versions


def lexicon_forms():
    """(word, count, proper-name only) of every form of the built lexicon."""
    with gzip.open(LEXICON, "rt", encoding="utf-8", newline="\n") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            yield fields[0], int(fields[1]), len(fields) > 2 and "P" in fields[2]


def write_table(name: str, lines: list[str], summary: str) -> int:
    """Writes dictionaries/ru/NAME, says what it holds on stderr; the
    script's exit status."""
    path = REPO / "dictionaries/ru" / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    print(f"{path.relative_to(REPO)}: {summary}", file=sys.stderr)
    return 0
