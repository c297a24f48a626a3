#!/usr/bin/env python3
"""Build dictionaries/{ru,en}/names.tsv from the hand-curated lists.

Regenerate (from the repository root; Python 3.8+, standard library only):

    python3 dictionaries/build/build_names.py

Cross-check the Russian paradigms against pymorphy3's dictionary (optional;
needs ``pip install pymorphy3 pymorphy3-dicts-ru``; prints disagreements and
changes no file):

    python3 dictionaries/build/build_names.py --check

Inputs: ``dictionaries/build/names/ru.tsv`` and ``.../en.tsv``. Each is UTF-8:
``#`` lines are the header comment that is copied into the output (sources
and licence), then the row ``lemma<TAB>kind<TAB>source<TAB>declension`` and
one row per lemma:

- ``lemma``: the nominative as written, words separated by spaces; a
  hyphenated spelling (``Ким-Ир-Сен``) is a lemma of its own.
- ``kind``: person, place, org or other.
- ``source``: source numbers from the header, comma-separated (``1,3``).
- ``declension`` (Russian; English rows leave it empty or ``-``): the
  paradigm of the LAST word of the lemma (the other words do not decline,
  as with Korean and Chinese names and ``Порт-Артур``):

  ``indecl``  not declined (Громыко, Токио, ТАСС);
  ``m``       hard consonant stem: +а +у +ом +е (+ем after ж ш ч щ ц);
  ``m-om``    as ``m`` but always +ом;
  ``ov``      Russian surname in -ов/-ев/-ёв/-ин/-ын: +а +у +ым +е;
  ``soft``    stem in -ь: -я -ю -ем -е;
  ``soft-stressed`` stem in -ь, stressed ending: -я -ю -ём -е (Кремль);
  ``soft-f``  feminine in -ь: -и -ью (Сычуань);
  ``j``       stem in -й: -я -ю -ем -е;
  ``adj``     adjectival (-ский, -ний, -ый, -ой): -ого/-его ...;
  ``a``       feminine in -а: -ы/-и -е -у -ой;
  ``ya``      in -я/-ия: -и -е/-и -ю -ей;
  ``fem-ov``  feminine surname in -ова/-ева/-ина: -ой -у;
  ``ovo``     place in -ово/-ево declined as neuter: -а -у -ом -е (the
              nominative stays, since both usages occur).

Output: one row per written word form,
``name<TAB>kind<TAB>lemma<TAB>source<TAB>case``, where ``case`` is ``loct``
for a form that is the prepositional case and no other (``Инчоне``,
``Кремле``: a preposition must stand before it) and empty otherwise.
A multi-word lemma gives one row per word (and, for a hyphenated word, also
one row per hyphen-separated part, Title-cased); a form containing ё is
also written with е, as typewritten documents of the period have it. A form
that belongs to several lemmas has several rows. Rows are unique and sorted
by (name, kind, lemma, source, case) in code-point order, so the output depends
only on the input.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DICT = os.path.dirname(HERE)
KINDS = {"person", "place", "org", "other"}
HEADER = ["lemma", "kind", "source", "declension"]

SIBILANTS = "жшчщц"
VELARS_SIBILANTS = "гкхжшчщ"


def decline(word, para):
    """Singular case forms of one Russian word (nominative first)."""
    if para in ("indecl", "", "-"):
        return [word]
    if para in ("m", "m-om", "ov"):
        if para == "ov":
            ins = "ым"
        elif para == "m" and word[-1].lower() in SIBILANTS:
            ins = "ем"
        else:
            ins = "ом"
        return [word, word + "а", word + "у", word + ins, word + "е"]
    if para in ("soft", "soft-stressed"):
        assert word.endswith("ь"), (word, para)
        s = word[:-1]
        ins = "ём" if para == "soft-stressed" else "ем"
        return [word, s + "я", s + "ю", s + ins, s + "е"]
    if para == "soft-f":
        # Feminine in -ь (Сычуань: в Сычуани, Сычуанью).
        assert word.endswith("ь"), (word, para)
        s = word[:-1]
        return [word, s + "и", s + "ью"]
    if para == "j":
        assert word.endswith("й"), (word, para)
        s = word[:-1]
        return [word, s + "я", s + "ю", s + "ем", s + "е"]
    if para == "adj":
        if word.endswith("ний"):
            s = word[:-2]
            return [word, s + "его", s + "ему", s + "им", s + "ем"]
        if word.endswith(("кий", "гий", "хий")):
            s = word[:-2]
            return [word, s + "ого", s + "ому", s + "им", s + "ом"]
        if word.endswith(("ый", "ой")):
            s = word[:-2]
            return [word, s + "ого", s + "ому", s + "ым", s + "ом"]
        raise ValueError(f"adj: unexpected ending in {word!r}")
    if para == "a":
        assert word.endswith("а"), (word, para)
        s = word[:-1]
        gen = s + ("и" if s[-1].lower() in VELARS_SIBILANTS else "ы")
        ins = s + ("ей" if s[-1].lower() in "жшчщц" else "ой")
        return [word, gen, s + "е", s + "у", ins]
    if para == "ya":
        assert word.endswith("я"), (word, para)
        s = word[:-1]
        if word.endswith("ия"):
            return [word, s + "и", s + "ю", s + "ей"]
        return [word, s + "и", s + "е", s + "ю", s + "ей"]
    if para == "fem-ov":
        assert word.endswith("а"), (word, para)
        s = word[:-1]
        return [word, s + "ой", s + "у"]
    if para == "ovo":
        assert word.endswith("о"), (word, para)
        s = word[:-1]
        return [word, s + "а", s + "у", s + "ом", s + "е"]
    raise ValueError(f"unknown declension {para!r} for {word!r}")


def title(part):
    return part[:1].upper() + part[1:]


def read_list(path):
    comments, rows = [], []
    seen_header = False
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("#"):
                if not seen_header:
                    comments.append(line)
                continue
            if not line.strip():
                continue
            fields = line.split("\t")
            if not seen_header:
                if fields != HEADER:
                    sys.exit(f"{path}:{n}: expected header {HEADER}, found {fields}")
                seen_header = True
                continue
            while len(fields) < 4:
                fields.append("")
            if len(fields) != 4:
                sys.exit(f"{path}:{n}: expected 4 tab-separated fields, found {len(fields)}")
            lemma, kind, source, para = (x.strip() for x in fields)
            if not lemma or kind not in KINDS:
                sys.exit(f"{path}:{n}: bad lemma or kind {kind!r}")
            if not source or not all(s.isdigit() for s in source.split(",")):
                sys.exit(f"{path}:{n}: bad source {source!r}")
            rows.append((n, lemma, kind, source, para))
    if not seen_header:
        sys.exit(f"{path}: no header row")
    return comments, rows


def check_sources(path, comments, rows):
    cited = set()
    for c in comments:
        c = c.lstrip("# ")
        if c.startswith("[") and "]" in c:
            num = c[1 : c.index("]")]
            if num.isdigit():
                cited.add(num)
    for n, lemma, _, source, _ in rows:
        for s in source.split(","):
            if s not in cited:
                sys.exit(f"{path}:{n}: source [{s}] of {lemma!r} is not listed in the header")


# Paradigms whose fifth form (see decline) is the prepositional case and
# no other: Инчоне, Кремле, Китае, Гродекове. (In the -а and -я paradigms
# the -е form is dative too.)
PREPOSITIONAL_FIFTH = {"m", "m-om", "ov", "soft", "soft-stressed", "j", "adj", "ovo"}


def forms_of(lemma, para, lang):
    """The written forms of a lemma, each with its case column: "loct" for a
    form that is the prepositional case only, else empty."""
    words = lemma.split(" ")
    out = set()
    for i, w in enumerate(words):
        if lang == "ru" and i == len(words) - 1:
            try:
                ws = decline(w, para)
            except (AssertionError, ValueError) as e:
                raise SystemExit(f"{lemma!r}: {e}")
        else:
            ws = [w]
        for k, f in enumerate(ws):
            case = "loct" if k == 4 and para in PREPOSITIONAL_FIFTH else ""
            out.add((f, case))
            if "-" in f:
                parts = [p for p in f.split("-") if p]
                for j, part in enumerate(parts):
                    out.add((title(part), case if j == len(parts) - 1 else ""))
    for f, case in list(out):
        if "ё" in f or "Ё" in f:
            out.add((f.replace("ё", "е").replace("Ё", "Е"), case))
    return out


def build(lang):
    src = os.path.join(HERE, "names", f"{lang}.tsv")
    dst = os.path.join(DICT, lang, "names.tsv")
    comments, rows = read_list(src)
    check_sources(src, comments, rows)
    lemmas = set()
    out = set()
    for n, lemma, kind, source, para in rows:
        if (lemma, kind) in lemmas:
            sys.exit(f"{src}:{n}: duplicate lemma {lemma!r} ({kind})")
        lemmas.add((lemma, kind))
        if lang != "ru" and para not in ("", "-"):
            sys.exit(f"{src}:{n}: declension given for a non-Russian list")
        for f, case in forms_of(lemma, para, lang):
            out.add((f, kind, lemma, source, case))
    lines = [c for c in comments]
    lines.append("name\tkind\tlemma\tsource\tcase")
    for r in sorted(out):
        lines.append("\t".join(r))
    text = "\n".join(lines) + "\n"
    tmp = dst + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, dst)
    kinds = {}
    for _, kind, _, _, _ in out:
        kinds[kind] = kinds.get(kind, 0) + 1
    lk = {}
    for _, kind in lemmas:
        lk[kind] = lk.get(kind, 0) + 1
    print(f"{dst}: {len(lemmas)} lemmas {dict(sorted(lk.items()))}, "
          f"{len(out)} rows {dict(sorted(kinds.items()))}")


CASES = ["nomn", "gent", "datv", "accs", "ablt", "loct"]


def check_ru():
    """Compare the rule paradigms with pymorphy3 where its dictionary knows the word."""
    import pymorphy3  # noqa: imported only for --check

    morph = pymorphy3.MorphAnalyzer()
    _, rows = read_list(os.path.join(HERE, "names", "ru.tsv"))
    want = {"person": "Surn", "place": "Geox", "org": "Orgn"}
    disagree = compared = 0
    for n, lemma, kind, _, para in rows:
        last = lemma.split(" ")[-1]
        if "-" in last and kind == "person":
            continue
        ours = set(decline(last, para))
        for p in morph.parse(last):
            if type(p.methods_stack[0][0]).__name__ != "DictionaryAnalyzer":
                continue
            if p.normal_form != last.lower() or "sing" not in p.tag:
                continue
            if want.get(kind) and want[kind] not in p.tag and kind != "org":
                continue
            if kind == "person" and "masc" not in p.tag and "ms-f" not in p.tag:
                continue
            theirs = set()
            for c in CASES:
                q = p.inflect({c, "sing"})
                if q is not None:
                    w = q.word
                    theirs.add(title(w) if last[:1].isupper() and not last.isupper() else w.upper() if last.isupper() else w)
            if not theirs:
                continue
            compared += 1
            ours_f = {f.replace("ё", "е").lower() for f in ours}
            theirs_f = {f.replace("ё", "е").lower() for f in theirs}
            if ours_f != theirs_f:
                disagree += 1
                print(f"ru.tsv:{n}: {lemma!r} ({para}) rules {sorted(ours)} / pymorphy3 {sorted(theirs)} [{p.tag}]")
            break
    print(f"{compared} lemma(s) compared with pymorphy3, {disagree} disagreement(s)")


def main():
    if "--check" in sys.argv[1:]:
        check_ru()
        return
    for lang in ("ru", "en"):
        build(lang)


if __name__ == "__main__":
    main()
