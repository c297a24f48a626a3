#!/usr/bin/env python3
"""Build corrigenda's English word-pair list from a pinned, offline source.

Writes dictionaries/en/bigrams.tsv.gz: the pairs of words that English
print sets next to each other often, which rank a correction by its
neighbours (`INTOND TO` is `INTEND TO`, not `INTONE TO`).

Source: the bigram list `frequency_bigramdictionary_en_243_342.txt` that the
PyPI package symspellpy (MIT licence) ships: 242,342 word pairs with their
counts in the Google Books Ngram data, from which SymSpell's author derived
it (the Ngram Viewer's data may be freely used for any purpose, with
acknowledgement of Google Books Ngram Viewer, books.google.com/ngrams).

File format (read by the Rust build.rs; keep in step with
dictionaries/README.md):

  * gzip (mtime 0, no file name, level 9) of UTF-8 text with "\\n" line ends;
  * leading comment lines, each starting with "# " (source, licence, build
    command);
  * then one "first<TAB>second<TAB>count" line per pair: both words folded
    as the lexicon folds them (lowercase, NFC, the typographic apostrophe
    as "'") and both in dictionaries/en/lexicon.tsv.gz; count as the source
    gives it (pairs that fold together summed) over the sum of the source's
    word counts, x 10^9: the pair's frequency on the lexicon's scale;
  * pairs unique and sorted by the UTF-8 bytes of "first<TAB>second" (ready
    for an fst map).

The run is deterministic: the same inputs give the same bytes.

Usage (one-time setup: pip install symspellpy==6.10.1, pinned in
requirements.txt; the build itself needs no network):
  python3 dictionaries/build/build_bigrams.py
"""

from __future__ import annotations

import gzip
import importlib.metadata
import io
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PIN = "6.10.1"
SOURCE_FILE = "frequency_bigramdictionary_en_243_342.txt"
# The source's word counts, from the same data: their sum puts the pair
# counts on the lexicon's scale (frequency x 10^9).
UNIGRAM_FILE = "frequency_dictionary_en_82_765.txt"


def fold(word: str) -> str:
    return unicodedata.normalize("NFC", word.lower().replace("\u2019", "'"))


def lexicon_words(path: Path) -> set[str]:
    words = set()
    with gzip.open(path, "rt", encoding="utf-8", newline="\n") as f:
        for line in f:
            if line.startswith("# ") or not line.strip():
                continue
            words.add(line.split("\t", 1)[0])
    return words


def licence_text() -> str:
    dist = importlib.metadata.distribution("symspellpy")
    for name in ("licenses/LICENSE", "LICENSE"):
        text = dist.read_text(name)
        if text:
            return text
    sys.exit("symspellpy's LICENSE file not found in its installed metadata")


def main() -> int:
    version = importlib.metadata.version("symspellpy")
    if version != PIN and "--any-version" not in sys.argv:
        sys.exit(f"symspellpy {version} installed, {PIN} pinned (--any-version to go on)")
    import symspellpy

    source = Path(symspellpy.__file__).parent / SOURCE_FILE
    total = sum(
        int(line.split()[1])
        for line in (Path(symspellpy.__file__).parent / UNIGRAM_FILE)
        .read_text(encoding="utf-8")
        .splitlines()
        if len(line.split()) == 2
    )
    known = lexicon_words(REPO / "dictionaries/en/lexicon.tsv.gz")
    counts: dict[tuple[str, str], int] = {}
    read = 0
    for line in source.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) != 3:
            continue
        read += 1
        first, second, count = fold(fields[0]), fold(fields[1]), int(fields[2])
        if first in known and second in known:
            counts[(first, second)] = counts.get((first, second), 0) + count
    # Frequency x 10^9 of the pair among all pairs (as many as words).
    counts = {k: max(1, round(v * 1e9 / total)) for k, v in counts.items()}
    keys = sorted(counts, key=lambda k: f"{k[0]}\t{k[1]}".encode())
    out = io.StringIO()
    out.write(
        "# English word pairs and their counts in print, for ranking corrections by\n"
        "# their neighbours (corrigenda). Built by dictionaries/build/build_bigrams.py\n"
        f"# from {SOURCE_FILE} of the PyPI package symspellpy {version}\n"
        "# (MIT licence, its notice below), which SymSpell's author derived from the\n"
        "# Google Books Ngram data (Google Books Ngram Viewer,\n"
        "# http://books.google.com/ngrams; its data may be freely used for any\n"
        "# purpose). Kept: the pairs whose two words are both in\n"
        f"# dictionaries/en/lexicon.tsv.gz ({len(keys)} of {read}).\n"
        "# Format: first<TAB>second<TAB>count, sorted by the bytes of first<TAB>second;\n"
        "# count is the pair's frequency x 10^9, the source's count over the sum of\n"
        f"# the word counts of its {UNIGRAM_FILE} ({total}).\n"
        "#\n"
    )
    for line in licence_text().splitlines():
        out.write(f"# {line}".rstrip() + "\n")
    for first, second in keys:
        out.write(f"{first}\t{second}\t{counts[(first, second)]}\n")
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
        gz.write(out.getvalue().encode("utf-8"))
    target = REPO / "dictionaries/en/bigrams.tsv.gz"
    target.write_bytes(raw.getvalue())
    print(f"{target.relative_to(REPO)}: {len(keys)} pairs of {read}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
