#!/usr/bin/env python3
"""Build corrigenda's shipped lexicons from pinned, offline sources.

Writes (relative to the repository root):

    dictionaries/ru/lexicon.tsv.gz   all OpenCorpora word forms + wordfreq weights
    dictionaries/en/lexicon.tsv.gz   SCOWL (hunspell en_US expanded + British
                                     "large" list) + filtered wordfreq words

File format (read by the Rust build.rs; keep in step with dictionaries/README.md):

  * gzip (mtime 0, no file name, level 9) of UTF-8 text with "\\n" line ends;
  * leading comment lines, each starting with "# " (sources, versions,
    licence, build command);
  * then one "word<TAB>count" or "word<TAB>count<TAB>P" line per entry: word
    lowercase, NFC, for Russian "ё" folded to "е"; letters only, with "-" or
    "'" allowed between letters; count = round(wordfreq frequency * 1e9), 0
    when wordfreq does not know it; the optional third field "P" marks a form
    that the source knows only as a proper name (the corrector capitalises it
    when it proposes it): Russian, every OpenCorpora analysis of every
    spelling that folds to it is a NOUN with one of PROPER_GRAMMEMES; English, every
    SCOWL spelling of it begins with a capital letter (no lowercase entry).
    Other lines have exactly two fields;
  * words unique and sorted by their UTF-8 bytes (ready for an fst map).

The run is deterministic: the same inputs give the same bytes.

Sources (all offline once installed):
  pip install -r dictionaries/build/requirements.txt
  apt-get install hunspell-en-us wbritish-large        (Debian 12 "bookworm")

Usage:
  python3 dictionaries/build/build_lexicons.py                 # build ru and en
  python3 dictionaries/build/build_lexicons.py --lang en       # build one
  python3 dictionaries/build/build_lexicons.py --coverage /work/shared/corpus/dev
      # no build: report coverage of a corpus folder (*.gt.txt / *.ocr.txt)
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.metadata
import io
import os
import re
import subprocess
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
REQUIREMENTS = HERE / "requirements.txt"
BUILD_COMMAND = (
    "pip install -r dictionaries/build/requirements.txt && "
    "apt-get install hunspell-en-us wbritish-large && "
    "python3 dictionaries/build/build_lexicons.py"
)

# Debian packages (bookworm) and the files used from them.
DEB_PINS = {"hunspell-en-us": "1:2020.12.07-2", "wbritish-large": "2020.12.07-2"}
HUNSPELL_DIC = Path("/usr/share/hunspell/en_US.dic")
HUNSPELL_AFF = Path("/usr/share/hunspell/en_US.aff")
BRITISH_LIST = Path("/usr/share/dict/british-english-large")
SCOWL_COPYRIGHT = Path("/usr/share/doc/hunspell-en-us/copyright")
BRITISH_COPYRIGHT = Path("/usr/share/doc/wbritish-large/copyright")

# A word: letters, with single "-" or "'" only between letters.
WORD_RE = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
# Words taken from wordfreq alone (English): Latin letters only.
LATIN_WORD_RE = re.compile(r"[a-zà-öø-ÿ]+(?:['-][a-zà-öø-ÿ]+)*")

# English words that SCOWL does not know enter only from wordfreq, and only if
# frequent (Zipf >= 3.5, i.e. >= 3.16 per million tokens) and not a typo-like
# variant of a much more frequent known word (see is_typo_like; build_attested.py
# uses the same test).
EN_WF_ONLY_MIN_ZIPF = 3.5
TYPO_RATIO = 10.0

# Known OCR / web junk that must never be in the lexicons (checked at build).
EN_JUNK = [
    "tbe", "rnay", "tne", "wlth", "tlie", "tiie", "tbat", "tbis", "witb",
    "wbich", "wliich", "fiom", "liis", "nnd", "ofthe", "bave", "ihe", "lhe",
    "aad", "cornmittee", "govemment", "rnan", "dont", "thats", "alot", "teh",
]
RU_JUNK = ["нвсколько", "тoварищ", "бьл", "ииформация", "рсспублика", "шифровкн"]

# OpenCorpora grammemes of proper names: first name, surname, patronymic,
# place, organisation, trade mark. A Russian form is flagged "P" only if
# every analysis of every spelling folding to it is a NOUN with one of them.
# (OpenCorpora also puts Geox on ~6,000 forms of relational adjectives such
# as "украинский", "чикагский", written lowercase; those are not names.
# Surnames declined like adjectives, "Толстой", are NOUN,Surn.)
PROPER_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})

# Flag-check examples (checked at build): proper-name-only / not.
RU_PROPER = ["москва", "иван", "лондон", "сталин", "мид"]
RU_NOT_PROPER = ["роза", "орел", "вера", "надежда", "мир", "стол", "украинский"]
EN_PROPER = ["london", "truman", "seoul", "moscow", "stalin"]
EN_NOT_PROPER = ["may", "bill", "china", "the", "august", "mark"]


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def die(msg: str) -> None:
    log("error: " + msg)
    sys.exit(2)


# --------------------------------------------------------------------------
# normalisation


def normalize(word: str, fold_yo: bool) -> str | None:
    """Contract form of a source word, or None if it is not a plain word."""
    w = unicodedata.normalize("NFC", word).replace("\u2019", "'").lower()
    w = unicodedata.normalize("NFC", w)
    if fold_yo:
        w = w.replace("ё", "е")
    return w if WORD_RE.fullmatch(w) else None


def folded_frequencies(freqs: dict[str, float], fold_yo: bool) -> dict[str, int]:
    """wordfreq frequencies keyed by contract form (variants summed), as counts."""
    groups: dict[str, list[float]] = defaultdict(list)
    for w, f in freqs.items():
        n = normalize(w, fold_yo)
        if n is not None:
            groups[n].append(f)
    return {w: round(sum(sorted(fs)) * 1e9) for w, fs in groups.items()}


# --------------------------------------------------------------------------
# provenance checks


def pinned_python_packages() -> dict[str, str]:
    pins = {}
    for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[name.strip()] = version.strip()
    return pins


def check_versions(names: list[str], strict: bool) -> dict[str, str]:
    """Installed versions of the named pip / Debian packages (checked vs pins)."""
    pins = pinned_python_packages()
    found = {}
    for name in names:
        if name in DEB_PINS:
            want = DEB_PINS[name]
            try:
                have = subprocess.run(
                    ["dpkg-query", "-W", "-f=${Version}", name],
                    check=True, capture_output=True, text=True,
                ).stdout.strip()
            except (OSError, subprocess.CalledProcessError):
                have = ""
            if not have:
                die(f"Debian package {name} is not installed: apt-get install {name}")
        else:
            want = pins[name]
            try:
                have = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                die(f"{name} is not installed: pip install -r {REQUIREMENTS.relative_to(REPO)}")
        if have != want:
            msg = f"{name} {have} is installed but {want} is pinned"
            if strict:
                die(msg + " (use --any-version to build anyway; the output will differ)")
            log("warning: " + msg)
        found[name] = have
    return found


def flat(text: str) -> str:
    return " ".join(text.split())


def require_text(label: str, text: str, needles: list[str]) -> None:
    t = flat(text)
    for n in needles:
        if flat(n) not in t:
            die(f"licence check failed: {label} does not say {n!r}; re-verify the licence")


def dist_metadata(name: str) -> str:
    return importlib.metadata.distribution(name).read_text("METADATA") or ""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------
# hunspell affix expansion (the subset en_US.aff uses; equals `unmunch` output
# minus the ONLYINCOMPOUND stems 1th/2th/3th)


def parse_aff(path: Path):
    rules: dict[str, tuple[str, bool, list]] = {}
    opts: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        key = parts[0]
        if key == "SET" and parts[1] != "UTF-8":
            die(f"{path}: unsupported encoding {parts[1]}")
        if key in ("FLAG", "COMPLEXPREFIXES", "CIRCUMFIX", "FULLSTRIP"):
            die(f"{path}: unsupported affix option {key}")
        if key in ("ONLYINCOMPOUND", "NEEDAFFIX", "FORBIDDENWORD", "NOSUGGEST"):
            opts[key] = parts[1]
        if key in ("PFX", "SFX"):
            flag = parts[1]
            if flag not in rules:  # header line: PFX flag cross count
                rules[flag] = (key, parts[2] == "Y", [])
                continue
            strip = "" if parts[2] == "0" else parts[2]
            add = "" if parts[3] == "0" else parts[3]
            if "/" in add:
                die(f"{path}: continuation classes are not supported: {line}")
            cond = parts[4] if len(parts) > 4 else "."
            rx = None
            if cond != ".":
                rx = re.compile("^" + cond if key == "PFX" else cond + "$")
            rules[flag][2].append((strip, add, rx))
    return rules, opts


def expand_hunspell(dic: Path, aff: Path) -> set[str]:
    rules, opts = parse_aff(aff)
    skip = {opts[k] for k in ("ONLYINCOMPOUND", "FORBIDDENWORD") if k in opts}
    needaffix = opts.get("NEEDAFFIX")
    out: set[str] = set()
    lines = dic.read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:  # first line: entry count
        line = line.split("\t", 1)[0].strip()
        if not line:
            continue
        word, _, flags = line.partition("/")
        if skip & set(flags):
            continue
        if needaffix is None or needaffix not in flags:
            out.add(word)
        prefixed, suffixed = [], []
        for fl in flags:
            rule = rules.get(fl)
            if rule is None:
                continue
            kind, cross, entries = rule
            for strip, add, rx in entries:
                if rx is not None and not rx.search(word):
                    continue
                if kind == "SFX" and word.endswith(strip):
                    form = word[: len(word) - len(strip)] + add
                    out.add(form)
                    if cross:
                        suffixed.append(form)
                elif kind == "PFX" and word.startswith(strip):
                    out.add(add + word[len(strip):])
                    if cross:
                        prefixed.append((strip, add))
        for strip, add in prefixed:  # cross products
            for form in suffixed:
                if form.startswith(strip):
                    out.add(add + form[len(strip):])
    return out


# --------------------------------------------------------------------------
# English filter for words that only wordfreq knows

EDIT_ALPHABET = "abcdefghijklmnopqrstuvwxyz'-"


def edits1(w: str, alphabet: str = EDIT_ALPHABET):
    """The strings one edit from w: a letter deleted, replaced or inserted
    (from alphabet), or two swapped."""
    for i in range(len(w) + 1):
        a, b = w[:i], w[i:]
        if b:
            yield a + b[1:]
            for c in alphabet:
                yield a + c + b[1:]
        if len(b) > 1:
            yield a + b[1] + b[0] + b[2:]
        for c in alphabet:
            yield a + c + b


def is_typo_like(w: str, count: int, base, counts: dict[str, int],
                 alphabet: str = EDIT_ALPHABET) -> str | None:
    """The known word(s) that make w look like a typo / OCR error, or None.

    w is typo-like if one edit (delete, insert, substitute, transpose; the
    English alphabet includes ' and -) turns it into a word of base that is
    at least TYPO_RATIO times more frequent (tbe -> the, dont -> don't), or
    if it splits into two words of base that are both that much more
    frequent (ofthe -> of the).
    """
    bar = TYPO_RATIO * count
    for v in edits1(w, alphabet):
        if v != w and v in base and counts.get(v, 0) >= bar:
            return v
    for i in range(1, len(w)):
        a, b = w[:i], w[i:]
        if a in base and b in base and min(counts.get(a, 0), counts.get(b, 0)) >= bar:
            return a + " " + b
    return None


# --------------------------------------------------------------------------
# writing and verifying


def comment_block(lines: list[str]) -> list[str]:
    return ["# " + line.replace("\t", " ").rstrip() for line in lines]


def write_lexicon(path: Path, header: list[str], entries: dict[str, int],
                  proper: set[str]) -> bytes:
    if not proper <= entries.keys():
        die(f"{path}: proper-name flags for words not in the lexicon")
    words = sorted(entries, key=str.encode)
    body = "".join(f"{w}\t{entries[w]}\tP\n" if w in proper else f"{w}\t{entries[w]}\n"
                   for w in words)
    text = "\n".join(comment_block(header)) + "\n" + body
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    data = raw.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return data


def read_lexicon(path: Path) -> tuple[list[str], dict[str, int], set[str]]:
    """Comment lines, word -> count, and the words flagged "P"."""
    comments, entries, proper = [], {}, set()
    with gzip.open(path, "rt", encoding="utf-8", newline="\n") as f:
        for line in f:
            line = line.rstrip("\n")
            if not entries and line.startswith("# "):
                comments.append(line)
                continue
            word, count, *flags = line.split("\t")
            entries[word] = int(count)
            if flags == ["P"]:
                proper.add(word)
    return comments, entries, proper


def verify_lexicon(path: Path, fold_yo: bool, junk: list[str],
                   want_proper: list[str], want_common: list[str]) -> tuple[int, int]:
    """Re-read a written file and check every rule of the format."""
    data = gzip.decompress(path.read_bytes())
    text = data.decode("utf-8")
    if "\r" in text or not text.endswith("\n"):
        die(f"{path}: bad line ends")
    prev = b""
    n = 0
    in_header = True
    for line in text[:-1].split("\n"):
        if in_header and line.startswith("# "):
            continue
        in_header = False
        word, sep, count = line.partition("\t")
        if count.endswith("\tP"):
            count = count[:-2]
        if not sep or "\t" in count or not count.isdigit() or not count.isascii():
            die(f"{path}: bad entry line {line!r}")
        if not WORD_RE.fullmatch(word) or word != word.lower():
            die(f"{path}: bad word {word!r}")
        if unicodedata.normalize("NFC", word) != word or (fold_yo and "ё" in word):
            die(f"{path}: word not normalised {word!r}")
        b = word.encode()
        if b <= prev:
            die(f"{path}: not sorted/unique at {word!r}")
        prev = b
        n += 1
    _, entries, proper = read_lexicon(path)
    present = [j for j in junk if j in entries]
    if present:
        die(f"{path}: known junk present: {present}")
    wrong = [w for w in want_proper if w not in proper]
    wrong += [w for w in want_common if w not in entries or w in proper]
    if wrong:
        die(f"{path}: proper-name flag check failed for {wrong}")
    return n, len(proper)


# --------------------------------------------------------------------------
# Russian


def build_ru(out: Path, strict: bool) -> None:
    t0 = time.time()
    names = ["pymorphy3", "pymorphy3-dicts-ru", "DAWG2-Python", "wordfreq"]
    versions = check_versions(names, strict)
    require_text("pymorphy3-dicts-ru METADATA", dist_metadata("pymorphy3-dicts-ru"),
                 ["The data is licensed under", "creativecommons.org/licenses/by-sa/3.0"])
    require_text("wordfreq METADATA", dist_metadata("wordfreq"),
                 ["Creative Commons Attribution-ShareAlike 4.0 license"])

    import pymorphy3
    import wordfreq

    morph = pymorphy3.MorphAnalyzer(lang="ru")
    meta = morph.dictionary.meta
    if meta.get("source") != "opencorpora.org":
        die("pymorphy3 dictionary is not the OpenCorpora one")
    forms: set[str] = set()
    common: set[str] = set()  # forms with an analysis that is not a proper name
    raw_forms = 0
    dropped: set[str] = set()
    proper_tag = [t.POS == "NOUN" and bool(PROPER_GRAMMEMES & t.grammemes)
                  for t in morph.dictionary.gramtab]
    paradigms = morph.dictionary.paradigms
    for w, (para_id, idx) in morph.dictionary.words.iteritems():
        raw_forms += 1
        n = normalize(w, fold_yo=True)
        if n is None:
            dropped.add(w)
            continue
        forms.add(n)
        paradigm = paradigms[para_id]
        if not proper_tag[paradigm[len(paradigm) // 3 + idx]]:  # as build_tag_info
            common.add(n)
    proper = forms - common
    log(f"ru: {len(forms)} forms from OpenCorpora ({len(dropped)} dropped, "
        f"{len(proper)} proper-name only) in {time.time() - t0:.1f}s")

    counts = folded_frequencies(wordfreq.get_frequency_dict("ru", wordlist="large"), True)
    entries = {w: counts.get(w, 0) for w in forms}
    known = sum(1 for c in entries.values() if c > 0)

    header = [
        "corrigenda lexicon: Russian (ru)",
        "format: word<TAB>count or word<TAB>count<TAB>P, sorted by UTF-8 bytes; "
        "word lowercase, Unicode NFC, 'ё' folded to 'е'; "
        "count = round(wordfreq frequency * 1e9), 0 = frequency unknown; "
        "P = proper name only: every OpenCorpora analysis of every spelling "
        "(е/ё) is a NOUN with one of the grammemes " + "/".join(sorted(PROPER_GRAMMEMES)),
        f"entries: {len(entries)} ({known} with a wordfreq count, "
        f"{len(proper)} flagged P)",
        "",
        "words: every word form of every lemma of the OpenCorpora dictionary "
        f"(opencorpora.org), source_version {meta.get('source_version')}, "
        f"revision {meta.get('source_revision')}, {meta.get('source_lexemes_count')} lexemes, "
        "including proper names (Name/Surn/Patr/Geox/Orgn), lowercased",
        f"  read from pymorphy3-dicts-ru {versions['pymorphy3-dicts-ru']} "
        f"(compiled {meta.get('compiled_at')}) with pymorphy3 {versions['pymorphy3']}; "
        f"{raw_forms} DAWG records",
        f"  dropped {len(dropped)} forms that are not plain words (digits or '.', "
        "e.g. '1-й', 'лента.ру'); U+2019 apostrophe written as \"'\"",
        f"counts: wordfreq {versions['wordfreq']}, 'large' Russian list; "
        "frequencies of spellings that fold together (е/ё) are summed",
        "",
        "licence: OpenCorpora dictionary data: Creative Commons Attribution-ShareAlike 3.0 "
        "(CC BY-SA 3.0), http://creativecommons.org/licenses/by-sa/3.0/ "
        "(as stated by pymorphy3-dicts-ru)",
        "licence: wordfreq data: Creative Commons Attribution-ShareAlike 4.0 "
        "(CC BY-SA 4.0), https://creativecommons.org/licenses/by-sa/4.0/ "
        "(wordfreq by Robyn Speer; sources listed in its README)",
        "licence: this file is an adaptation of both and is distributed under CC BY-SA 4.0 "
        "(BY-SA 3.0 allows adaptations under a later version with the same elements); "
        "keep this attribution",
        "",
        f"built by: {BUILD_COMMAND}",
    ]
    path = out / "ru" / "lexicon.tsv.gz"
    data = write_lexicon(path, header, entries, proper)
    n, n_proper = verify_lexicon(path, True, RU_JUNK, RU_PROPER, RU_NOT_PROPER)
    log(f"ru: wrote {path} : {n} entries, {known} with counts, {n_proper} P, "
        f"{len(data) / 1e6:.2f} MB gz, {time.time() - t0:.1f}s")


# --------------------------------------------------------------------------
# English


def build_en(out: Path, strict: bool) -> None:
    t0 = time.time()
    names = ["wordfreq", "hunspell-en-us", "wbritish-large"]
    versions = check_versions(names, strict)
    require_text("wordfreq METADATA", dist_metadata("wordfreq"),
                 ["Creative Commons Attribution-ShareAlike 4.0 license"])
    scowl_notice = SCOWL_COPYRIGHT.read_text(encoding="utf-8")
    require_text(str(SCOWL_COPYRIGHT), scowl_notice,
                 ["Copyright 2000-2011 by Kevin Atkinson",
                  "Permission to use, copy, modify, distribute and sell these word lists"])
    if BRITISH_COPYRIGHT.read_text(encoding="utf-8") != scowl_notice:
        die(f"{BRITISH_COPYRIGHT} differs from {SCOWL_COPYRIGHT}; re-verify the licence")

    import wordfreq

    hun_raw = expand_hunspell(HUNSPELL_DIC, HUNSPELL_AFF)
    brit_raw = set(BRITISH_LIST.read_text(encoding="utf-8").splitlines())
    hun = {normalize(w, False) for w in hun_raw}
    hun.discard(None)
    brit = {normalize(w, False) for w in brit_raw}
    brit.discard(None)
    base = hun | brit
    # Proper name only: every SCOWL spelling begins with a capital letter
    # (hunspell accepts a capitalised entry only capitalised; a lowercase entry
    # also allows the capital). "iPod"-like spellings count as not proper.
    not_proper = set()
    for w in hun_raw | brit_raw:
        n = normalize(w, False)
        if n is not None and not unicodedata.normalize("NFC", w)[:1].isupper():
            not_proper.add(n)
    proper = base - not_proper
    log(f"en: hunspell en_US {len(hun)}, british-english-large {len(brit)}, "
        f"union {len(base)}, {len(proper)} proper-name only")

    counts = folded_frequencies(wordfreq.get_frequency_dict("en", wordlist="large"), False)
    min_count = round(10 ** (EN_WF_ONLY_MIN_ZIPF - 9) * 1e9)
    wf_only, typo_like = [], 0
    for w, c in counts.items():
        if w in base or c < min_count or not LATIN_WORD_RE.fullmatch(w):
            continue
        if is_typo_like(w, c, base, counts):
            typo_like += 1
        else:
            wf_only.append(w)
    log(f"en: {len(wf_only)} words from wordfreq alone, {typo_like} typo-like rejected")

    entries = {w: counts.get(w, 0) for w in base}
    entries.update({w: counts[w] for w in wf_only})
    known = sum(1 for c in entries.values() if c > 0)

    header = [
        "corrigenda lexicon: English (en)",
        "format: word<TAB>count or word<TAB>count<TAB>P, sorted by UTF-8 bytes; "
        "word lowercase, Unicode NFC; "
        "count = round(wordfreq frequency * 1e9), 0 = frequency unknown; "
        "P = proper name only: SCOWL has it only capitalised (no lowercase entry)",
        f"entries: {len(entries)} ({known} with a wordfreq count, "
        f"{len(proper)} flagged P)",
        "",
        f"words: SCOWL via Debian hunspell-en-us {versions['hunspell-en-us']} "
        f"(en_US.dic/.aff, all affix forms expanded; {len(hun)} words) "
        f"sha256 dic {sha256(HUNSPELL_DIC)[:16]} aff {sha256(HUNSPELL_AFF)[:16]}",
        f"  + SCOWL via Debian wbritish-large {versions['wbritish-large']} "
        f"(british-english-large, British spellings; {len(brit)} words) "
        f"sha256 {sha256(BRITISH_LIST)[:16]}",
        f"  + {len(wf_only)} words known only to wordfreq: Latin letters, "
        f"Zipf >= {EN_WF_ONLY_MIN_ZIPF}, and not one edit (or one split) away from a "
        f"SCOWL word {TYPO_RATIO:g}x as frequent (so no 'tbe', 'dont', 'ofthe')",
        "  dropped: entries with digits or '.' (e.g. '1st'); everything lowercased "
        "(the P flag keeps whether SCOWL has the word only capitalised)",
        f"counts: wordfreq {versions['wordfreq']}, 'large' English list",
        "",
        "licence: wordfreq data: Creative Commons Attribution-ShareAlike 4.0 "
        "(CC BY-SA 4.0), https://creativecommons.org/licenses/by-sa/4.0/ "
        "(wordfreq by Robyn Speer; sources listed in its README)",
        "licence: SCOWL word lists: permissive licence of Kevin Atkinson and the "
        "sources below (Debian's copyright file, reproduced in full)",
        "licence: this file combines both and is distributed under CC BY-SA 4.0; "
        "the SCOWL notices below must be kept with it",
        "",
        f"built by: {BUILD_COMMAND}",
        "",
        f"----- {SCOWL_COPYRIGHT} -----",
        *scowl_notice.splitlines(),
        "----- end -----",
    ]
    path = out / "en" / "lexicon.tsv.gz"
    data = write_lexicon(path, header, entries, proper)
    n, n_proper = verify_lexicon(path, False, EN_JUNK, EN_PROPER, EN_NOT_PROPER)
    log(f"en: wrote {path} : {n} entries, {known} with counts, {n_proper} P, "
        f"{len(data) / 1e6:.2f} MB gz, {time.time() - t0:.1f}s")


# --------------------------------------------------------------------------
# coverage report over a corpus folder


TOKEN_RE = re.compile(r"[^\W\d_]+")


def token_script(tok: str) -> str:
    cyr = all("\u0400" <= c <= "\u04ff" for c in tok)
    lat = all(c.isascii() or "\u00c0" <= c <= "\u024f" for c in tok)
    return "ru" if cyr else "en" if lat else "other"


def corpus_tokens(path: Path) -> set[str]:
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).lower()
    return set(TOKEN_RE.findall(text.replace("ё", "е")))


def coverage(corpus: Path, out: Path) -> None:
    lex = {lang: read_lexicon(out / lang / "lexicon.tsv.gz")[1] for lang in ("ru", "en")}
    miss = {"ru": set(), "en": set(), "other": set()}
    seen = {"ru": set(), "en": set(), "other": set()}
    ocr_new = {"ru": set(), "en": set()}
    ocr_in_lex = {"ru": set(), "en": set()}
    gts = sorted(corpus.glob("*.gt.txt"))
    if not gts:
        die(f"no *.gt.txt in {corpus}")
    for gt in gts:
        g = corpus_tokens(gt)
        for t in g:
            s = token_script(t)
            seen[s].add(t)
            if s == "other" or t not in lex[s]:
                miss[s].add(t)
        ocr = gt.with_name(gt.name[: -len(".gt.txt")] + ".ocr.txt")
        if ocr.exists():
            for t in corpus_tokens(ocr) - g:
                s = token_script(t)
                if s in ocr_new:
                    ocr_new[s].add(t)
                    if t in lex[s]:
                        ocr_in_lex[s].add(t)
    print(f"corpus: {corpus} ({len(gts)} gt files)")
    for s in ("ru", "en"):
        print(f"\n[{s}] distinct GT tokens: {len(seen[s])}, not in lexicon: {len(miss[s])}")
        print("  " + " ".join(sorted(miss[s])))
    if seen["other"]:
        print(f"\n[mixed-script] distinct GT tokens: {len(seen['other'])}: "
              + " ".join(sorted(seen["other"])))
    for s in ("ru", "en"):
        short = sum(1 for t in ocr_in_lex[s] if len(t) <= 2)
        print(f"\n[{s}] distinct OCR tokens not in their GT file: {len(ocr_new[s])}; "
              f"of these in the lexicon: {len(ocr_in_lex[s])} ({short} of length <= 2)")
        print("  " + " ".join(sorted(ocr_in_lex[s], key=lambda t: (-len(t), t))))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lang", choices=["ru", "en", "all"], default="all")
    ap.add_argument("--out", type=Path, default=REPO / "dictionaries",
                    help="dictionaries folder (default: the repository's)")
    ap.add_argument("--any-version", action="store_true",
                    help="build even if installed source versions differ from the pins")
    ap.add_argument("--coverage", type=Path, metavar="CORPUS_DIR",
                    help="do not build; report coverage of CORPUS_DIR/*.gt.txt and *.ocr.txt")
    args = ap.parse_args()
    if args.coverage:
        coverage(args.coverage, args.out)
        return
    t0 = time.time()
    if args.lang in ("ru", "all"):
        build_ru(args.out, not args.any_version)
    if args.lang in ("en", "all"):
        build_en(args.out, not args.any_version)
    log(f"done in {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main()
