#!/usr/bin/env bash
# Reproduces the README's "Learning" results: two-fold cross-validation of
# `corrigenda learn` on public post-OCR benchmarks and on the dev corpus.
#
#   tests/benchmarks/icdar.sh [DATA_DIR [CORPUS_DIR]]
#
# DATA_DIR defaults to ../shared/data (ICDAR 2019 en/bg, ICDAR 2017 English,
# OverProof), CORPUS_DIR
# to ../shared/corpus/dev, both relative to the repository root. For each set:
# the pairs are dealt into two folds (`dataset convert --folds 2`, in name
# order, in turn); rules are learned from one fold and the other fold is
# corrected with them, then the other way round; the two corrected halves
# together are scored with `eval` (the ICDAR measure too, for ICDAR files).
#
# Everything learned lives in a temporary folder that is deleted at the end:
# the benchmark data are under non-commercial licences and nothing learned
# from them may be committed. Set KEEP=1 to keep the folder (its path is
# printed) for inspection.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
data=${1:-$root/../shared/data}
corpus=${2:-$root/../shared/corpus/dev}
cd "$root"
cargo build --release --quiet
bin=$root/target/release/corrigenda

tmp=$(mktemp -d)
if [[ ${KEEP:-0} == 1 ]]; then
    echo "work folder: $tmp" >&2
else
    trap 'rm -rf "$tmp"' EXIT
fi

# convert ARGS...: `dataset convert`, its summary shown only if it fails.
convert() {
    "$bin" dataset convert "$@" 2>"$tmp/convert.log" || { cat "$tmp/convert.log" >&2; return 1; }
}

# cross_validate NAME LANG THRESHOLD SOURCE-FLAG SOURCE [LEARN-FLAGS...]
# (the learn flags go to `learn`; with --calibrate, so does --threshold
# THRESHOLD, the threshold `run` uses)
# Leaves the corrected texts of all pairs in $tmp/NAME/corrected.
cross_validate() {
    local name=$1 lang=$2 threshold=$3 flag=$4 source=$5
    shift 5
    local dir=$tmp/$name
    convert "$flag" "$source" --out "$dir/pairs" --folds 2
    local calibration=()
    if [[ " $* " == *" --calibrate "* ]]; then
        calibration=(--threshold "$threshold")
    fi
    for k in 1 2; do
        local other=$((3 - k))
        "$bin" learn --ocr "$dir/pairs/fold$other" --gt "$dir/pairs/fold$other" \
            --out "$dir/learned$k" --lang "$lang" --quiet "${calibration[@]}" "$@"
        "$bin" run "$dir/pairs/fold$k"/*.ocr.txt --out "$dir/corrected" \
            --report "$dir/corrections$k.csv" --summary "$dir/summary$k.csv" \
            --lang "$lang" --dict "$dir/learned$k" --threshold "$threshold" --quiet
    done
}

echo "== ICDAR 2019 English (EN1, 48 files): learn --calibrate, run --threshold 0.99"
cross_validate icdar-en en 0.99 --icdar "$data/icdar2019/en" --calibrate
"$bin" eval --icdar "$data/icdar2019/en" --corrected "$tmp/icdar-en/corrected" --totals-only

echo
echo "== ICDAR 2019 Bulgarian (BG1, 49 files): a new language learned from the ground truth,"
echo "   learn --calibrate, run --threshold 0.99"
cross_validate icdar-bg bg 0.99 --icdar "$data/icdar2019/bg" --name Bulgarian --calibrate
"$bin" eval --icdar "$data/icdar2019/bg" --corrected "$tmp/icdar-bg/corrected" --totals-only

echo
echo "== ICDAR 2017 English (23 monographs and periodicals, 1660s-1890s), a kind of text the"
echo "   built-in rules were not made for: built-in rules alone (run's default threshold 0.85),"
echo "   then learn --calibrate, run --threshold 0.99"
dir=$tmp/icdar2017
convert --icdar "$data/icdar2017" --out "$dir/all"
"$bin" run "$dir/all"/*.ocr.txt --out "$dir/builtin" --report "$dir/builtin.csv" --lang en --quiet
echo "-- built-in rules"
"$bin" eval --icdar "$data/icdar2017" --corrected "$dir/builtin" --totals-only
cross_validate icdar2017 en 0.99 --icdar "$data/icdar2017" --calibrate
echo "-- learned from the other half"
"$bin" eval --icdar "$data/icdar2017" --corrected "$tmp/icdar2017/corrected" --totals-only

echo
echo "== OverProof dataset 3 (49 Chronicling America articles): learn --calibrate, run's default"
echo "   threshold 0.85"
cross_validate overproof en 0.85 --overproof "$data/overproof/dataset3_chroniclingamerica_allArticles.txt" \
    --calibrate
"$bin" eval --overproof "$data/overproof/dataset3_chroniclingamerica_allArticles.txt" \
    --corrected "$tmp/overproof/corrected" --totals-only

echo
echo "== The ground truth of ICDAR 2017, EN1 and OverProof read as if it were OCR, built-in"
echo "   rules (run's default threshold 0.85): every applied change there changes right text"
# clean_text NAME LANG FILES...: `run` over ground-truth files, its closing line.
clean_text() {
    local name=$1 lang=$2
    shift 2
    printf '%-12s' "$name"
    "$bin" run "$@" --out "$tmp/clean-$name" --lang "$lang" 2>&1 | tail -n 1
}
clean_text "ICDAR 2017" en "$tmp"/icdar2017/all/*.gt.txt
clean_text EN1 en "$tmp"/icdar-en/pairs/fold*/*.gt.txt
clean_text OverProof en "$tmp"/overproof/pairs/fold*/*.gt.txt

echo
echo "== dev corpus: built-in rules alone, then built-in + rules learned from the other half"
dir=$tmp/dev
convert --ocr "$corpus" --gt "$corpus" --out "$dir/pairs" --folds 2
for k in 1 2; do
    other=$((3 - k))
    "$bin" learn --ocr "$dir/pairs/fold$other" --gt "$dir/pairs/fold$other" \
        --out "$dir/learned$k" --quiet
    "$bin" run "$dir/pairs/fold$k"/*.ocr.txt --out "$dir/builtin" \
        --report "$dir/builtin$k.csv" --summary "$dir/builtin-summary$k.csv" --quiet
    "$bin" run "$dir/pairs/fold$k"/*.ocr.txt --out "$dir/learned" \
        --report "$dir/learned$k.csv" --summary "$dir/learned-summary$k.csv" \
        --dict "$dir/learned$k" --quiet
done
mkdir -p "$dir/all"
cp "$dir"/pairs/fold*/* "$dir/all/"
echo "-- built-in rules"
"$bin" eval --gt "$dir/all" --ocr "$dir/all" --corrected "$dir/builtin" --totals-only
echo "-- built-in + learned"
"$bin" eval --gt "$dir/all" --ocr "$dir/all" --corrected "$dir/learned" --totals-only
