#!/usr/bin/env python3
"""Build corrigenda's lists of words print uses that the lexicons lack.

Writes dictionaries/en/attested.tsv and dictionaries/ru/attested.tsv: the
words wordfreq counts at least MIN_COUNT times in a billion (Zipf 1.5) that
the language's lexicon lacks and that do not look like a typo or a misread
of a lexicon word. Most are names (`Strasburg`, `Alessandro`, `Gorham`,
`Etienne`), foreign words and older or variant spellings. The lexicon rule
does not take such a word for a misreading of a lexicon word: its
correction (`Strasburg` → `Strasbourg`, `Gorham` → `Gotham`) is held back
as a suggestion, as a term the lexicon lacks is (src/rules/words.rs,
`held_back_as_term`). They are not candidates: a misread word is never
"corrected" into one of them.

A word is left out as typo-like by the test build_lexicons.py applies to
wordfreq-only English words (build_lexicons.is_typo_like): one edit (a
letter deleted, inserted, replaced, or two swapped) makes it a lexicon
word at least TYPO_RATIO times as frequent, or it splits into two lexicon
words both that much more frequent (`japanes` → `japanese`, `чтоби` →
`чтобы`, `ofthe`):
web text has OCR's and typists' errors too, and those are what
corrigenda corrects.

Source: wordfreq 3.1.1's "large" lists (CC BY-SA 4.0; the same pinned
package build_lexicons.py reads), normalised as the lexicons are
(build_lexicons.normalize: NFC, lowercase, `’` as `'`, Russian `ё` as
`е`, letters with `-` or `'` between them); the lexicons are
dictionaries/<lang>/lexicon.tsv.gz.

File format (read by build.rs and src/dict/load.rs; keep in step with
dictionaries/README.md): UTF-8 text with "\\n" line ends; `#` comment lines
(source, licence, build command); the header row "word<TAB>count"; then one
row per word, `word` folded as the lexicon folds it, `count` its wordfreq
frequency × 10⁹; rows sorted by the UTF-8 bytes of `word`.

The run is deterministic: the same inputs give the same bytes.

Usage (one-time setup: pip install -r dictionaries/build/requirements.txt;
the build itself needs no network):
  python3 dictionaries/build/build_attested.py
"""

from __future__ import annotations

import gzip
import importlib.metadata
import re
import sys
from pathlib import Path

from build_lexicons import TYPO_RATIO, folded_frequencies, is_typo_like

REPO = Path(__file__).resolve().parents[2]
WORDFREQ_PIN = "3.1.1"
# Zipf 1.5: 32 in a billion words (counts are frequency × 10⁹).
MIN_COUNT = 32
MIN_LETTERS = 3
# Per language: the letters of its words (others are another script's) and
# the alphabet of the one-edit variants.
LANGS = {
    "en": ("abcdefghijklmnopqrstuvwxyz", "'-"),
    "ru": ("абвгдежзийклмнопрстуфхцчшщъыьэюя", "-"),
}


def lexicon(lang: str) -> dict[str, int]:
    """word -> count of dictionaries/<lang>/lexicon.tsv.gz."""
    counts = {}
    path = REPO / f"dictionaries/{lang}/lexicon.tsv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="\n") as f:
        for line in f:
            if line.startswith("#"):
                continue
            word, count, *_ = line.rstrip("\n").split("\t")
            counts[word] = int(count)
    return counts


def build(lang: str, version: str) -> int:
    from wordfreq import get_frequency_dict

    letters, marks = LANGS[lang]
    plain = re.compile(f"[{letters}]+(?:[{re.escape(marks)}][{letters}]+)*")
    known = lexicon(lang)
    counts = folded_frequencies(get_frequency_dict(lang, "large"), fold_yo=lang == "ru")
    read = 0
    rows = []
    for word, count in counts.items():
        if count < MIN_COUNT or word in known or not plain.fullmatch(word):
            continue
        if sum(c.isalpha() for c in word) < MIN_LETTERS:
            continue
        read += 1
        if not is_typo_like(word, count, known, known, letters + marks):
            rows.append((word, count))
    rows.sort(key=lambda r: r[0].encode("utf-8"))
    out = [
        f"# Words print uses that dictionaries/{lang}/lexicon.tsv.gz lacks (names, foreign",
        "# words, older spellings), for corrigenda's lexicon rule: a correction of one",
        "# of them is only suggested. Built by dictionaries/build/build_attested.py:",
        f"# the words of wordfreq {version}'s \"large\" {lang} list counted at least {MIN_COUNT} in",
        f"# a billion (Zipf 1.5), of {MIN_LETTERS} letters or more, that one edit does not make a",
        f"# lexicon word {TYPO_RATIO:g} times as frequent nor a split two such words",
        f"# ({len(rows)} of {read}).",
        "# Licence: wordfreq data (Robyn Speer; sources listed in its README),",
        "# Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0); this file is an",
        "# adaptation of it and is distributed under CC BY-SA 4.0; keep this attribution.",
        "# Format: word<TAB>count (wordfreq frequency x 10^9), word folded as the",
        "# lexicon folds it, sorted by its UTF-8 bytes.",
        "word\tcount",
    ]
    out += [f"{w}\t{c}" for w, c in rows]
    path = REPO / f"dictionaries/{lang}/attested.tsv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8", newline="\n")
    print(f"{path.relative_to(REPO)}: {len(rows)} words of {read}", file=sys.stderr)
    return 0


def main() -> int:
    version = importlib.metadata.version("wordfreq")
    if version != WORDFREQ_PIN and "--any-version" not in sys.argv:
        sys.exit(f"wordfreq {version} installed, {WORDFREQ_PIN} pinned (--any-version to go on)")
    return max(build(lang, version) for lang in LANGS)


if __name__ == "__main__":
    raise SystemExit(main())
