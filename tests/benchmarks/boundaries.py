"""Split and merge errors in OCR vs GT, and how many a correction fixed.

usage: boundaries.py GT_DIR OCR_DIR CORRECTED_DIR [--list]
(uses ../shared/tools/score.py for the alignment; --list prints each error
not fixed: file, kind, GT, OCR, corrected)

A split: one GT word whose aligned OCR text is two tokens that both have
letters and together are close to it. A merge: two GT words read as one
token close to their join."""
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'tools'))
import score
gtd, ocrd, cord = sys.argv[1:4]
listing = '--list' in sys.argv[4:]
S = M = Sf = Mf = 0
for f in sorted(os.listdir(ocrd)):
    if not f.endswith('.ocr.txt'): continue
    n = f[:-8]
    gt = score.normalise(open(f'{gtd}/{n}.gt.txt').read()); ocr = score.normalise(open(f'{ocrd}/{f}').read()); cor = score.normalise(open(f'{cord}/{f}').read())
    toks, so, oo = score.token_states(gt, ocr); _, sc, oc = score.token_states(gt, cor)
    for i, t in enumerate(toks):
        view = so[i][1].rstrip(' ')
        if ' ' in view and len(view.split(' ')) == 2 and all(any(c.isalpha() for c in p) for p in view.split(' ')):
            # GT word read as two tokens (a split), when the letters mostly agree
            if score.lev(view.replace(' ', ''), t) <= max(1, len(t) // 4):
                S += 1; Sf += oc[i]
                if listing and not oc[i]:
                    print(f'{n}\tsplit\t{t}\t{view}\t{sc[i][1].rstrip(" ")}')
        if i + 1 < len(toks) and so[i][1] and not so[i][1].endswith(' ') and so[i+1][1] and not so[i+1][0]:
            joined = (so[i][1] + so[i+1][1]).rstrip(' ')
            if ' ' not in joined and score.lev(joined, t + toks[i+1]) <= max(1, len(t + toks[i+1]) // 4):
                M += 1; Mf += oc[i] and oc[i+1]
                if listing and not (oc[i] and oc[i+1]):
                    print(f'{n}\tmerge\t{t} {toks[i+1]}\t{joined}\t{(sc[i][1] + sc[i+1][1]).rstrip(" ")}')
print(f'split words (one GT word, two OCR tokens): {S}, fixed {Sf} ({100*Sf/max(1,S):.0f}%)')
print(f'merged words (two GT words, one OCR token): {M}, fixed {Mf} ({100*Mf/max(1,M):.0f}%)')
print(f'together: {S+M}, fixed {Sf+Mf} ({100*(Sf+Mf)/max(1,S+M):.0f}%)')
