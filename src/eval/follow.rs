//! Where a ground truth follows its OCR.
//!
//! Some ground truth is not the OCR's text everywhere: several ICDAR 2019
//! files give a page's gold standard in another order than its OCR. There
//! the character alignment pairs unrelated words, `learn` would learn
//! chance misreadings, and every change is judged against other words.
//! [`followed`] finds the stretches where the ground truth follows;
//! [`unfollowed`] counts the rest, for `eval`'s note and `learn`'s.

use std::ops::Range;

use super::{opcodes, OpKind};

/// Half the width, in OCR characters, of the window [`followed`] judges each
/// character by.
pub const FOLLOW_WINDOW: usize = 40;

/// The least share of a window's OCR characters that the alignment pairs
/// with a ground-truth character (kept or replaced) that must be kept, for
/// the ground truth to follow the OCR there. OCR characters the ground
/// truth lacks (junk, a line it leaves out) do not count either way. Where
/// the ground truth follows, the median window keeps 85 % or more even on
/// pages with a character error rate of 40 %; where it is another stretch
/// of text (several ICDAR 2019 files give the ground truth of a page in
/// another order than its OCR), the alignment pairs unrelated letters and
/// keeps 25–45 % of them.
const FOLLOW_RATE: f64 = 0.5;

/// The stretches of a pair where the ground truth follows the OCR, or
/// `None` when it does so throughout (nearly always). Where it does not,
/// every word pair there would be a chance pairing of unrelated words, and
/// every change there judged against the wrong text: `learn` learns from
/// the stretches that remain, and `eval` names such files. Each stretch is `(OCR char range,
/// ground-truth char range)`; they are cut at white space that the
/// alignment keeps, so a cut falls between the same words on both sides.
pub fn followed(ocr: &str, gt: &str) -> Option<Vec<(Range<usize>, Range<usize>)>> {
    let n = ocr.chars().count();
    let glen = gt.chars().count();
    let spaces: Vec<bool> = ocr.chars().map(char::is_whitespace).collect();
    // per OCR char: kept (with its GT char), replaced, or neither
    let mut kept_at: Vec<Option<usize>> = vec![None; n];
    let mut paired = vec![false; n];
    for op in opcodes(ocr, gt) {
        match op.kind {
            OpKind::Equal => {
                for k in op.src_start..op.src_end {
                    kept_at[k] = Some(op.dest_start + k - op.src_start);
                    paired[k] = true;
                }
            }
            OpKind::Replace => paired[op.src_start..op.src_end].fill(true),
            _ => {}
        }
    }
    let prefix = |f: &dyn Fn(usize) -> bool| {
        let mut v = Vec::with_capacity(n + 1);
        v.push(0usize);
        for k in 0..n {
            v.push(v[k] + usize::from(f(k)));
        }
        v
    };
    let kept = prefix(&|k| kept_at[k].is_some());
    let pairs = prefix(&|k| paired[k]);
    let follows: Vec<bool> = (0..n)
        .map(|k| {
            let (a, b) = (
                k.saturating_sub(FOLLOW_WINDOW),
                (k + FOLLOW_WINDOW + 1).min(n),
            );
            let p = pairs[b] - pairs[a];
            p == 0 || (kept[b] - kept[a]) as f64 >= FOLLOW_RATE * p as f64
        })
        .collect();
    if follows.iter().all(|&f| f) {
        return None;
    }
    let mut out = Vec::new();
    let mut k = 0;
    while k < n {
        if !follows[k] {
            k += 1;
            continue;
        }
        let a = k;
        while k < n && follows[k] {
            k += 1;
        }
        let b = k;
        // kept white space inside the run, where it may be cut; next to a
        // stretch that is not followed, a window's width in, as the windows
        // at the run's edges still see some of that stretch
        let cut = |j: &usize| spaces[*j] && kept_at[*j].is_some();
        let start = if a == 0 {
            Some((0, 0))
        } else {
            (a + FOLLOW_WINDOW..b)
                .find(cut)
                .map(|j| (j + 1, kept_at[j].unwrap_or(0) + 1))
        };
        let end = if b == n {
            Some((n, glen))
        } else {
            (a..b.saturating_sub(FOLLOW_WINDOW))
                .rev()
                .find(cut)
                .map(|j| (j, kept_at[j].unwrap_or(0)))
        };
        if let (Some((os, gs)), Some((oe, ge))) = (start, end) {
            if os < oe && gs <= ge {
                out.push((os..oe, gs..ge));
            }
        }
    }
    Some(out)
}

/// `\r\n` and `\r` to `\n`, so that both texts count line ends alike
/// (`learn` reads its pairs so).
pub(crate) fn unify_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// How many characters of `ocr` stand where `gt` does not follow it (see
/// [`followed`]), and how many it has (`\r\n` and `\r` counted as one
/// line end, as `learn` reads them).
pub fn unfollowed(ocr: &str, gt: &str) -> (usize, usize) {
    let ocr = unify_newlines(ocr);
    let chars = ocr.chars().count();
    let kept =
        followed(&ocr, &unify_newlines(gt)).map_or(chars, |s| s.iter().map(|(a, _)| a.len()).sum());
    (chars - kept, chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ground_truth_follows_ocr_with_errors_and_junk() {
        let gt = "The committee met on Tuesday and agreed that the report \
                  should be sent to every member before the next meeting.\n";
        let ocr = "Tbe cornmittee rnet on Tuesdav aud agreed tbat the rep0rt \
                   ~~ ,. :: ;; ~~ \
                   sbould be seut to everv mernber before tbe next meeting.\n";
        assert_eq!(followed(ocr, gt), None);
        assert_eq!(followed("", ""), None);
    }

    #[test]
    fn a_stretch_of_other_text_is_left_out_at_kept_spaces() {
        let first = "The committee met on Tuesday and agreed that the report should be sent \
                     to every member before the next meeting of the board. ";
        let last = "Members who cannot attend may send their comments in writing to the \
                    secretary, who will read them aloud when the item is reached.";
        // OCR of a middle paragraph, and in the ground truth in its place
        // another paragraph of about the same length
        let ocr_mid = "Tbe treasurer reported a small surplus for the year, most of it \
                       from the sale of old equipment and furniture. ";
        let gt_mid = "Visitors to the gardens in spring will find the tulips at their \
                      best along the western wall near the old gate. ";
        let ocr = format!("{first}{ocr_mid}{last}");
        let gt = format!("{first}{gt_mid}{last}");
        let stretches = followed(&ocr, &gt).expect("the middle is not followed");
        let o: Vec<char> = ocr.chars().collect();
        let g: Vec<char> = gt.chars().collect();
        let text = |v: &[char], r: &Range<usize>| v[r.clone()].iter().collect::<String>();
        assert_eq!(stretches.len(), 2, "{stretches:?}");
        let (head, tail) = (&stretches[0], &stretches[1]);
        // each stretch is the same words on both sides, none of the middle's
        for (a, b) in [head, tail] {
            assert_eq!(text(&o, a), text(&g, b));
        }
        assert_eq!(head.0.start, 0);
        assert_eq!(tail.0.end, o.len());
        let kept = format!("{} {}", text(&o, &head.0), text(&o, &tail.0));
        assert!(kept.starts_with("The committee met") && kept.ends_with("is reached."));
        // and the paragraphs around it are lost a window's width at most
        let around = first.len() + last.len();
        assert!(kept.len() + 2 * FOLLOW_WINDOW + 2 >= around, "{kept}");
        // cut between words
        assert!(o[head.0.end].is_whitespace() && o[tail.0.start - 1].is_whitespace());
    }

    #[test]
    fn unfollowed_counts_the_characters_left_out() {
        assert_eq!(unfollowed("the cat sat", "the cat sat"), (0, 11));
        assert_eq!(unfollowed("a\r\nb", "a\nb"), (0, 3));
        let (left, chars) = unfollowed(&"qwertz ".repeat(30), &"zorbana ".repeat(26));
        assert_eq!((left, chars), (210, 210));
    }
}
