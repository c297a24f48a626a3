#!/usr/bin/env python3
"""Build corrigenda's list of Russian spellings written with `ё`.

Writes dictionaries/ru/yo.tsv: every spelling with `ё` of the word forms
that dictionaries/ru/lexicon.tsv.gz counts (a wordfreq count of 1 or more;
the lexicon folds `ё` to `е`), as the OpenCorpora dictionary spells them
(`ещё`, `актёр`, `введённая`). OCR reads specks above an `е` as `ё`
(`течёние`, `черёз`: OpenCorpora spells neither with `ё`), so a known word
whose `ё` no spelling of it has is that `е` misread (`spelling:ru`). A form
the lexicon does not count is not listed, and the rule leaves it alone.

Source: the OpenCorpora dictionary (CC BY-SA 3.0) as pymorphy3 reads it,
with the same pinned packages build_lexicons.py reads (pymorphy3 restores
`ё` in the words it parses); the forms and their counts (wordfreq, CC BY-SA
4.0) are those of dictionaries/ru/lexicon.tsv.gz.

File format (read by the Rust build.rs, which compiles it into an fst set;
keep in step with dictionaries/README.md): UTF-8 text with "\\n" line ends;
`#` comment lines (source, licence, build command); the header row "word";
then one spelling a row, lowercase, sorted by its UTF-8 bytes.

The run is deterministic: the same inputs give the same bytes.

Usage (one-time setup: pip install -r dictionaries/build/requirements.txt;
the build itself needs no network; about 20 s):
  python3 dictionaries/build/build_yo.py
"""

from __future__ import annotations

from opencorpora import LICENCE, analyser, lexicon_forms, write_table


def main() -> int:
    morph, versions = analyser()
    spellings: set[str] = set()
    read = 0
    for word, count, _ in lexicon_forms():
        if count < 1 or "е" not in word:
            continue
        read += 1
        for parse in morph.parse(word):
            if parse.is_known and "ё" in parse.word and parse.word.replace("ё", "е") == word:
                spellings.add(parse.word)
    rows = sorted(spellings, key=lambda w: w.encode("utf-8"))
    out = [
        "# Russian spellings with ё of the word forms dictionaries/ru/lexicon.tsv.gz",
        "# counts (which folds ё to е), for corrigenda's spelling rule: a known word",
        "# whose ё none of its spellings has is an е OCR misread. Built by",
        "# dictionaries/build/build_yo.py from the OpenCorpora dictionary as",
        f"# pymorphy3 {versions['pymorphy3']} reads it with pymorphy3-dicts-ru",
        f"# {versions['pymorphy3-dicts-ru']} ({len(rows)} spellings of {read} counted forms with е).",
        *LICENCE,
        "# Format: one spelling a row, lowercase, sorted by its UTF-8 bytes.",
        "word",
    ]
    out += rows
    return write_table("yo.tsv", out, f"{len(rows)} spellings of {read} forms")


if __name__ == "__main__":
    raise SystemExit(main())
