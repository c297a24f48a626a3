#!/usr/bin/env python3
"""Build corrigenda's list of Russian words written small inside a sentence.

Writes dictionaries/ru/lowercase.tsv: the common word forms that Russian
never writes with a capital inside a sentence, because no reading of them
can be a name or begin one. Names and the names of institutions, places
and papers are nouns, full adjectives and participles and numerals
(`Министерство`, `Советский Союз`, `Объединённые Нации`, `Второй
Белорусский фронт`); verbs, adverbs, short adjectives and participles,
predicatives, gerunds and the function words (prepositions, conjunctions,
particles, pronoun-adverbs) are not. `case:capital` makes such a word
small inside a sentence at a lower count than other words
(`lowercase_count` in ru/lang.toml): Tesseract reading typescript gives
capitals of the small letter's shape to verbs as often as to nouns
(`намерено Привлечь преподавателей`, `работников, Ссылаясь на`).

Source: the OpenCorpora dictionary (CC BY-SA 3.0), as pymorphy3 and
pymorphy3-dicts-ru read it (the same pinned packages that
build_lexicons.py reads), for each form's parts of speech and their
probabilities; the forms and their counts (wordfreq, CC BY-SA 4.0) are
those of dictionaries/ru/lexicon.tsv.gz. A form is listed when its count
is at least MIN_COUNT (0.3 in a million words) and the readings that may
be or begin a name (NOUN, ADJF, PRTF, NUMR) have less than NAMELY_SHARE
of pymorphy3's probability (`уже` has a rare NOUN reading, `уж`'s
genitive: listed; `работы`, `новый`: not). Proper-name-only forms are
left out.

File format (read by src/dict/load.rs; keep in step with
dictionaries/README.md): UTF-8 text with "\\n" line ends; `#` comment lines
(source, licence, build command); the header row "word<TAB>pos"; then one
"word<TAB>pos" row per form, `word` folded as the lexicon folds it
(lowercase, `ё` as `е`), `pos` the OpenCorpora parts of speech of its
readings joined by ","; rows sorted by the UTF-8 bytes of `word`.

The run is deterministic: the same inputs give the same bytes.

Usage (one-time setup: pip install -r dictionaries/build/requirements.txt;
the build itself needs no network):
  python3 dictionaries/build/build_lowercase.py
"""

from __future__ import annotations

from opencorpora import LICENCE, analyser, lexicon_forms, write_table

# 0.3 in a million words (counts are frequency x 10^9): `lowercase_count`
# in ru/lang.toml.
MIN_COUNT = 300
# Readings that may be a name or begin one.
NAMELY = {"NOUN", "ADJF", "PRTF", "NUMR"}
NAMELY_SHARE = 0.1


def main() -> int:
    morph, versions = analyser()
    rows = []
    read = 0
    for word, count, proper in lexicon_forms():
        if count < MIN_COUNT or proper:
            continue
        read += 1
        parses = [p for p in morph.parse(word) if p.is_known]
        total = sum(p.score for p in parses)
        if not parses or total <= 0:
            continue
        namely = sum(p.score for p in parses if p.tag.POS in NAMELY)
        if namely / total < NAMELY_SHARE:
            pos = ",".join(sorted({str(p.tag.POS) for p in parses}))
            rows.append((word, pos))
    rows.sort(key=lambda r: r[0].encode("utf-8"))
    out = [
        "# Russian word forms written small inside a sentence: no reading of them is",
        "# or begins a name (verbs, adverbs, short adjectives and participles,",
        "# predicatives, gerunds, function words), for corrigenda's case:capital.",
        "# Built by dictionaries/build/build_lowercase.py from the forms of",
        f"# dictionaries/ru/lexicon.tsv.gz counted at least {MIN_COUNT} ({MIN_COUNT / 1000:g} in a million",
        "# words; wordfreq 3.1.1, CC BY-SA 4.0) whose readings as NOUN, ADJF, PRTF or",
        f"# NUMR have less than {NAMELY_SHARE} of the probability pymorphy3 {versions['pymorphy3']}",
        f"# gives them with pymorphy3-dicts-ru {versions['pymorphy3-dicts-ru']} ({len(rows)} of {read}).",
        *LICENCE,
        "# Format: word<TAB>pos (OpenCorpora parts of speech of its readings),",
        "# word folded (lowercase, ё as е), sorted by its UTF-8 bytes.",
        "word\tpos",
    ]
    out += [f"{w}\t{p}" for w, p in rows]
    return write_table("lowercase.tsv", out, f"{len(rows)} forms of {read}")


if __name__ == "__main__":
    raise SystemExit(main())
