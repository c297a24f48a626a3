#!/usr/bin/env python3
"""Header-line CER and applied precision of header/consistency rules.

usage: header_lines.py GTDIR OCRDIR CORRDIR [corrections.csv] [-v] [--show=FAMILY,...]
(-v prints every header line that differs; --show lists the applied changes
of those rule families that made no difference or made the text worse).
Each applied change is judged alone, on whole texts normalised as score.py
does (NFC, line-end hyphenations joined, white space collapsed).
Header lines are picked out of the ground truth by their form (regexes below,
independent of corrigenda's templates)."""
import csv, os, re, sys, unicodedata
from pathlib import Path
from rapidfuzz.distance import Levenshtein as L
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'tools'))
import score  # the project's scorer: its normalisation joins line-end hyphens

RU = [r"(СОВ\. |СОВЕРШЕННО )?СЕКРЕТНО", r"Снятие копий воспрещается", r"Экз\. № \d+.*",
      r"Подлежит возврату.*", r"Штаба (ВС|СА)", r"Генерального Штаба (ВС|СА)", r"ШИФРОВКА № .*",
      r"Из \S+ Подана .*", r"Поступила в 8-е .*", r"Армии \d.*", r"\d+\.\d+ \d+\.\d+",
      r"(Весьма )?[Сс]рочная", r"МИНИСТЕРСТВО .*", r"Копия: .*", r"ЦК ВКП\(б\)", r"товарищу [А-ЯЁ\-]+\.?( [А-Я]\.[А-Я]\.)?",
      r"Лист № \d+", r"Продолжение ШИФРОВКИ № .*", r"- \d+ -", r"Вх\. № .*", r"Расшифровал.*",
      r"Отпечатано в .*", r"ДОКЛАДНАЯ ЗАПИСКА", r"ЗАПИСЬ БЕСЕДЫ", r"ИЗ ДНЕВНИКА", r"Вестник иностранной информации ТАСС.*",
      r"ТЕЛЕГРАФНОЕ АГЕНТСТВО .*", r"ВЕСТНИК ИНОСТРАННОЙ ИНФОРМАЦИИ", r"Не для печати", r"№ \d+ \(\d+\)",
      r"Выпуск (утренний|вечерний)", r"Отп\. \d+ экз\.", r"Отпечатано \d+ экз\.", r"\d+\.\d+\.\d+ № \d+ [А-Я]+"]
EN = [r"DEPARTMENT OF STATE", r"INCOMING TELEGRAM", r"(TOP )?SECRET|RESTRICTED|CONFIDENTIAL", r"Control: .*",
      r"Rec'd: .*", r"FROM: .*", r"TO: .*", r"NO: .*", r"PRIORITY|NIACT|IMMEDIATE|EMERGENCY", r"PAGE \S+ OF .*",
      r"SENT DEPARTMENT .*", r"FROM \S+ TO FOREIGN OFFICE", r"Cypher/OTP", r"No\. \d+", r"[DR]\. \d.*",
      r"DISTRIBUTED TO: .*"]
FORMS = [re.compile("^(?:" + p + ")$") for p in RU + EN]
WS = re.compile(r"\s+")

def norm(s):
    return WS.sub(" ", unicodedata.normalize("NFC", s)).strip()

def header_lines(gt):
    return [i for i, l in enumerate(gt.replace("\f", "\n").split("\n")) if any(f.match(l.strip()) for f in FORMS)]

def cursor_map(src, dst):
    h = [None] * (len(src) + 1)
    for o in L.opcodes(src, dst):
        tag, i1, i2, j1, j2 = o.tag, o.src_start, o.src_end, o.dest_start, o.dest_end
        if tag == "insert":
            if h[i1] is None: h[i1] = j1
        elif tag == "delete":
            for k in range(i1, i2):
                if h[k] is None: h[k] = j1
        else:
            for k in range(i1, i2):
                if h[k] is None: h[k] = j1 + min(k - i1, j2 - j1)
    if h[len(src)] is None: h[len(src)] = len(dst)
    return h

def line_scores(gt, hyp, idxs):
    lines = [norm(l) for l in gt.replace("\f", "\n").split("\n")]
    g, ranges, pos = [], {}, 0
    for i, l in enumerate(lines):
        if not l: continue
        ranges[i] = (pos, pos + len(l)); g.append(l); pos += len(l) + 1
    g = " ".join(g); h = norm(hyp)
    cm = cursor_map(g, h)
    out = []
    for i in idxs:
        if i not in ranges: continue
        a, b = ranges[i]
        seg = h[cm[a]:cm[b]].strip()
        if LOCAL:
            # the line's own OCR: the best substring (between spaces) of a
            # window around the aligned segment
            lo, hi = max(0, cm[a] - 15), min(len(h), cm[b] + 15)
            cuts = [k for k in range(lo, hi + 1) if k in (lo, hi) or h[k - 1:k] == " " or h[k:k + 1] == " "]
            best = (L.distance(g[a:b], seg), seg)
            for x in cuts:
                for y in cuts:
                    if y > x:
                        cand = h[x:y].strip()
                        d = L.distance(g[a:b], cand)
                        if d < best[0]: best = (d, cand)
            seg = best[1]
        out.append((i, g[a:b], seg, L.distance(g[a:b], seg)))
    return out
LOCAL = "--local" in sys.argv

def main():
    gtd, ocrd, cord = map(Path, sys.argv[1:4])
    pos = [a for a in sys.argv[1:] if not a.startswith("-")]
    csvp = Path(pos[3]) if len(pos) > 3 and pos[3].endswith(".csv") else cord / "corrections.csv"
    tot = dict(chars=0, ocr=0, cor=0, lines=0)
    verbose = "-v" in sys.argv
    for gf in sorted(gtd.glob("*.gt.txt")):
        name = gf.name[:-7]
        gt = gf.read_text(); ocr = (ocrd / (name + ".ocr.txt")).read_text(); cor = (cord / (name + ".ocr.txt")).read_text()
        idx = header_lines(gt)
        so = line_scores(gt, ocr, idx); sc = line_scores(gt, cor, idx)
        c = sum(len(x[1]) for x in so); do = sum(x[3] for x in so); dc = sum(x[3] for x in sc)
        tot["chars"] += c; tot["ocr"] += do; tot["cor"] += dc; tot["lines"] += len(so)
        if c: print(f"{name:48s} lines {len(so):3d} chars {c:5d} CER ocr {100*do/c:6.2f} corr {100*dc/c:6.2f}")
        if verbose:
            for a, b in zip(so, sc):
                if a[3] or b[3]: print(f"   GT {a[1]!r}\n   OC {a[2]!r} {a[3]}\n   CO {b[2]!r} {b[3]}")
    c = tot["chars"] or 1
    print(f"TOTAL header lines {tot['lines']} chars {c}: CER ocr {100*tot['ocr']/c:.2f}  corrected {100*tot['cor']/c:.2f}  "
          f"reduction {100*(tot['ocr']-tot['cor'])/max(1, tot['ocr']):.1f}%")
    # precision of applied changes, one at a time
    rows = list(csv.DictReader(open(csvp, encoding="utf-8")))
    stats = {}
    bad = []
    cache = {}
    for r in rows:
        if r["action"] != "applied": continue
        fam = r["rule"].split(":")[0]
        f = Path(r["file"]).name
        name = f[:-8] if f.endswith(".ocr.txt") else None
        if not name or not (gtd / (name + ".gt.txt")).exists(): continue
        if name not in cache:
            raw = (ocrd / f).read_bytes()
            cache[name] = (raw, score.normalise((gtd / (name + ".gt.txt")).read_text()))
        raw, g = cache[name]
        a, b = int(r["byte_start"]), int(r["byte_end"])
        rep = r["replacement"]
        if rep.startswith("'") and rep[1:2] in "=+-@\t\r'":
            rep = rep[1:]
        new = raw[:a] + rep.encode() + raw[b:]
        d0 = L.distance(score.normalise(raw.decode()), g); d1 = L.distance(score.normalise(new.decode()), g)
        s = stats.setdefault(fam, [0, 0, 0])
        if d1 < d0: s[0] += 1
        elif d1 == d0: s[1] += 1; bad.append(("same", r))
        else: s[2] += 1; bad.append(("worse", r))
    for fam, (good, same, worse) in sorted(stats.items()):
        n = good + same + worse
        print(f"applied {fam:12s} {n:4d}: better {good}, no effect {same}, worse {worse}; precision {100*good/n:.1f}%")
    fams = ["header", "consistency"]
    show = [f for a in sys.argv if a.startswith("--show=") for f in a[7:].split(",")]
    for kind, r in bad:
        if r["rule"].split(":")[0] in fams + show:
            print(f"  {kind}: {r['file']}:{r['page']}:{r['line']} {r['original']!r} -> {r['replacement']!r} [{r['rule']}]")
    g = sum(stats.get(f, [0,0,0])[0] for f in fams); n = sum(sum(stats.get(f, [0,0,0])) for f in fams)
    if n: print(f"header+consistency applied precision (per change): {g}/{n} = {100*g/n:.1f}%")
    # per line: all applied header/consistency changes of one line together
    groups = {}
    for r in rows:
        if r["action"] == "applied" and r["rule"].split(":")[0] in fams:
            groups.setdefault((r["file"], r["page"], r["line"]), []).append(r)
    res = [0, 0, 0]
    for (f, pg, ln), rs in sorted(groups.items()):
        name = Path(f).name[:-8]
        if name not in cache:
            cache[name] = ((ocrd / Path(f).name).read_bytes(), score.normalise((gtd / (name + ".gt.txt")).read_text()))
        raw, g = cache[name]
        new = raw
        for r in sorted(rs, key=lambda r: -int(r["byte_start"])):
            rep = r["replacement"]
            if rep.startswith("'") and rep[1:2] in "=+-@\t\r'": rep = rep[1:]
            new = new[:int(r["byte_start"])] + rep.encode() + new[int(r["byte_end"]):]
        d0 = L.distance(score.normalise(raw.decode()), g); d1 = L.distance(score.normalise(new.decode()), g)
        k = 0 if d1 < d0 else (1 if d1 == d0 else 2)
        res[k] += 1
        if k: print(f"  line {['','same','worse'][k]}: {Path(f).name}:{pg}:{ln} " + " ; ".join(f"{r['original']!r}->{r['replacement']!r}" for r in rs) + f"   | {rs[0]['context'][:90]!r}")
    n = sum(res)
    if n: print(f"header+consistency applied precision (per line): {res[0]}/{n} = {100*res[0]/n:.1f}%  (same {res[1]}, worse {res[2]})")

main()
