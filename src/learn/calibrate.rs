//! Calibrating the ranking on the training pairs themselves.
//!
//! How readily an unknown word is changed depends on how likely it is that
//! the word is right and the lexicon merely lacks it (`keep_cost` and
//! `keep_cost_per_letter` in `[ranking]`). That likelihood is a property of
//! the collection: modern typescript has few unknown words that are right,
//! a seventeenth-century book has many (old spellings, names). So it is
//! learned too, without touching the pairs that will be corrected later:
//!
//! 1. the training pairs of the language are dealt into two halves (in
//!    turn, in input order);
//! 2. data are learned from each half (as [`super::learn`] does, without
//!    calibration) and the other half is corrected with them, once per
//!    candidate setting of the two parameters ([`GRID`]), at the threshold
//!    the rules will be run at;
//! 3. both halves are scored together with the `eval` figures
//!    (`score.py`'s), and the setting is chosen whose extra changes, over
//!    a more reluctant setting's, are fixes at least at the target rate
//!    (`choose`; the last setting changes no unknown word at all: only
//!    misreadings and the other rules apply);
//! 4. at the chosen setting, every applied change is judged alone (does it
//!    bring the text closer to the ground truth, or take it further away?
//!    [`crate::eval::per_change`]); a learned misreading whose changes are
//!    not closer at the target rate is left out, and a rule whose changes
//!    are not, over at least [`MIN_JUDGED`] of them, is made `suggest_only`
//!    for the collection: its changes go to the reviewer, not into the text
//!    (a collection whose transcription keeps words split at line ends,
//!    where joining them is right elsewhere). When a rule is, steps 2–4 are
//!    run again with it only suggested: its wrong changes weighed against
//!    every setting of the first pass.
//!
//! Calibration retunes the language's ranking for every word, built-in
//! knowledge included, so it is asked for (`learn --calibrate`): for a
//! collection unlike the typescript the built-in ranking was tuned on (old
//! spellings, another language), not by default.
//!
//! Every setting tried, and its figures, is written as a comment into the
//! `lang.toml`, so the choice can be checked.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use std::collections::BTreeMap;

use crate::change::Action;
use crate::datasets::Pair;
use crate::dict::Dictionaries;
use crate::error::{Error, Result};
use crate::eval::{per_change, score_texts, Change, Scores};
use crate::rules::{CachePool, Corrector, LangChoice, Options as RuleOptions};

/// A rule is judged only on at least this many applied changes.
pub const MIN_JUDGED: usize = 3;

/// The (`keep_cost`, `keep_cost_per_letter`) settings tried, from the most
/// eager to change an unknown word to the most reluctant. The first is the
/// built-in default; the last keeps every unknown word.
pub const GRID: [(f32, f32); 14] = [
    (1.0, 0.15),
    (0.6, 0.25),
    (0.6, 0.15),
    (0.6, 0.1),
    (0.6, 0.05),
    (0.3, 0.15),
    (0.3, 0.1),
    (0.3, 0.05),
    (0.0, 0.15),
    (0.0, 0.1),
    (0.0, 0.05),
    (0.0, 0.0),
    (-0.5, 0.0),
    (-5.0, 0.0),
];

/// How to calibrate.
#[derive(Debug, Clone)]
pub struct Calibrate {
    /// The threshold the rules will be run at (`run --threshold`).
    pub threshold: f32,
    /// Changed-token precision (0..1) a setting must reach on the training
    /// pairs.
    pub target_precision: f64,
    /// The `--dict` folders the rules will be run with (besides the learned
    /// one).
    pub dict_dirs: Vec<PathBuf>,
}

/// One setting tried and its figures on the training pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct Trial {
    /// `keep_cost`.
    pub keep_cost: f32,
    /// `keep_cost_per_letter`.
    pub keep_cost_per_letter: f32,
    /// Edit distance of the OCR text to the ground truth.
    pub ocr_cd: usize,
    /// Edit distance of the corrected text to the ground truth.
    pub corr_cd: usize,
    /// Changed tokens.
    pub changed: usize,
    /// Changed and now right.
    pub fixed: usize,
    /// Changed and now wrong, having been right.
    pub broken: usize,
    /// Each rule's applied changes, judged alone.
    pub rules: BTreeMap<String, Judged>,
    /// The changes of the language's misreadings, judged alone, by the
    /// folded OCR form (the misreading's key).
    pub misreadings: BTreeMap<String, Judged>,
}

/// A rule's applied changes on the training pairs, each judged alone by
/// what it does to the edit distance to the ground truth.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Judged {
    /// Changes that bring the text closer.
    pub better: usize,
    /// Changes that leave the distance as it was.
    pub same: usize,
    /// Changes that take the text further away.
    pub worse: usize,
}

impl Judged {
    /// The changes that made a difference: closer or further. A change
    /// that leaves the distance as it was stands where the ground truth
    /// has no text to compare (ICDAR's transcriptions leave parts of a page
    /// out) or trades one error for another; it is no evidence either way.
    pub fn decided(&self) -> usize {
        self.better + self.worse
    }

    /// Whether enough changes made a difference to judge the rule, and
    /// they show that it brings the text closer less often than `target`
    /// ([`Judged::short_of`]).
    pub fn below(&self, target: f64) -> bool {
        self.decided() >= MIN_JUDGED && self.short_of(target)
    }

    /// Whether the changes that made a difference show that fewer than
    /// `target` of such changes bring the text closer: even the upper end
    /// of the one-sided 95 % Wilson score interval of the rate is under it.
    /// A few changes say little: 3 closer of 4 or 5 of 6 are no evidence
    /// against 90 %, 2 of 7 are; a single change that took the text further
    /// is (used for single misreadings, whose dropping costs at most that
    /// word's fixes).
    pub fn short_of(&self, target: f64) -> bool {
        self.decided() > 0 && wilson_upper(self.better, self.decided()) < target
    }

    fn add(&mut self, delta: i64) {
        match delta.signum() {
            -1 => self.better += 1,
            0 => self.same += 1,
            _ => self.worse += 1,
        }
    }

    fn remove(&mut self, other: &Judged) {
        self.better = self.better.saturating_sub(other.better);
        self.same = self.same.saturating_sub(other.same);
        self.worse = self.worse.saturating_sub(other.worse);
    }
}

impl Trial {
    /// `fixed / changed` (1 when nothing changed).
    pub fn precision(&self) -> f64 {
        if self.changed == 0 {
            1.0
        } else {
            self.fixed as f64 / self.changed as f64
        }
    }

    /// Edit distance removed (negative: added).
    pub fn gain(&self) -> i64 {
        self.ocr_cd as i64 - self.corr_cd as i64
    }
}

/// The outcome of a calibration.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// The threshold it was made for.
    pub threshold: f32,
    /// The precision target.
    pub target_precision: f64,
    /// Pairs corrected (both halves).
    pub pairs: usize,
    /// Every setting tried, in [`GRID`] order.
    pub trials: Vec<Trial>,
    /// The index of the chosen trial.
    pub chosen: usize,
    /// Rules found under the target at the setting a first pass over the
    /// grid chose, with that pass's figures: [`Calibration::trials`] come
    /// from a second pass with them only suggested (empty: one pass).
    pub first_pass_off: BTreeMap<String, Judged>,
}

impl Calibration {
    /// The chosen setting.
    pub fn choice(&self) -> &Trial {
        &self.trials[self.chosen]
    }

    /// Whether the misreading of OCR form `wrong` (folded) was, at the
    /// chosen setting, not better at the target rate: it is dropped.
    pub fn drops_misreading(&self, wrong: &str) -> bool {
        self.choice()
            .misreadings
            .get(wrong)
            .is_some_and(|j| j.short_of(self.target_precision))
    }

    /// Each rule's judged changes at the chosen setting, less those of the
    /// misreadings `dropped` (folded OCR forms) of the language's own
    /// misreadings rule; with the first pass's figures of the rules it
    /// found under the target.
    pub fn rules_judged(&self, code: &str, dropped: &[&str]) -> BTreeMap<String, Judged> {
        let t = self.choice();
        let mut rules = t.rules.clone();
        for (rule, j) in &self.first_pass_off {
            rules.entry(rule.clone()).or_insert(*j);
        }
        if let Some(j) = rules.get_mut(&format!("misreadings:{code}")) {
            for w in dropped {
                if let Some(d) = t.misreadings.get(*w) {
                    j.remove(d);
                }
            }
        }
        rules
    }
}

/// The upper end of the one-sided 95 % Wilson score interval of the rate
/// `k / n` (`n > 0`).
fn wilson_upper(k: usize, n: usize) -> f64 {
    wilson(k, n, 1.0)
}

/// The lower end of the one-sided 95 % Wilson score interval of the rate
/// `k / n` (`n > 0`): the least rate the counts support.
pub(crate) fn wilson_lower(k: usize, n: usize) -> f64 {
    wilson(k, n, -1.0)
}

fn wilson(k: usize, n: usize, sign: f64) -> f64 {
    const Z: f64 = 1.645;
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = Z * Z;
    (p + z2 / (2.0 * n) + sign * Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt())
        / (1.0 + z2 / n)
}

/// Chooses among trials the one of the largest utility `fixed − k ·
/// (changed − fixed)` with `k = target / (1 − target)`: a setting that
/// changes more is preferred exactly when its extra changes are fixes at
/// least at the target rate. Ties: fewer changes, then the earlier.
pub(crate) fn choose(trials: &[Trial], target: f64) -> usize {
    let k = target.clamp(0.0, 0.999) / (1.0 - target.clamp(0.0, 0.999));
    let utility = |t: &Trial| t.fixed as f64 - k * (t.changed - t.fixed.min(t.changed)) as f64;
    (0..trials.len())
        .max_by(|&a, &b| {
            let (x, y) = (&trials[a], &trials[b]);
            utility(x)
                .total_cmp(&utility(y))
                .then(y.changed.cmp(&x.changed))
                .then(b.cmp(&a))
        })
        .unwrap_or(0)
}

fn ranking_layer(
    dir: &Path,
    code: &str,
    keep: f32,
    per_letter: f32,
    suggest_only: &[String],
) -> Result<()> {
    let sub = dir.join(code);
    std::fs::create_dir_all(&sub).map_err(|e| Error::io(&sub, e))?;
    let path = sub.join("lang.toml");
    let q = |s: &str| toml::Value::String(s.to_owned()).to_string();
    let off: Vec<String> = suggest_only.iter().map(|r| q(r)).collect();
    let text = format!(
        "code = {}\nsuggest_only = [{}]\n[ranking]\nkeep_cost = {keep}\n\
         keep_cost_per_letter = {per_letter}\n",
        q(code),
        off.join(", ")
    );
    std::fs::write(&path, text).map_err(|e| Error::io(&path, e))
}

/// Calibrates language `code` on `pairs` (all of that language); `learn`
/// learns a half (without calibration) for the other half.
pub(crate) fn calibrate(
    code: &str,
    pairs: &[&Pair],
    cal: &Calibrate,
    learn: impl Fn(&[Pair]) -> Result<super::Learned>,
) -> Result<Calibration> {
    let halves: [Vec<Pair>; 2] = [0, 1].map(|h| {
        pairs
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 2 == h)
            .map(|(_, p)| (*p).clone())
            .collect()
    });
    let tmp = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    // learned[h]: data learned from half h, used to correct the other half
    let mut learned = Vec::new();
    for (h, half) in halves.iter().enumerate() {
        let dir = tmp.path().join(format!("half{h}"));
        learn(half)?.write(&dir)?;
        learned.push(dir);
    }
    let mut trials = grid(code, cal, &halves, &learned, tmp.path(), &[])?;
    let mut chosen = choose(&trials, cal.target_precision);
    // Rules wrong too often at that setting also weighed on the choice (a
    // collection whose joins are wrong makes every setting look bad): the
    // grid is run again with them only suggested.
    let first_pass_off: BTreeMap<String, Judged> = trials[chosen]
        .rules
        .iter()
        .filter(|(_, j)| j.below(cal.target_precision))
        .map(|(r, j)| (r.clone(), *j))
        .collect();
    if !first_pass_off.is_empty() {
        let off: Vec<String> = first_pass_off.keys().cloned().collect();
        trials = grid(code, cal, &halves, &learned, tmp.path(), &off)?;
        chosen = choose(&trials, cal.target_precision);
    }
    Ok(Calibration {
        threshold: cal.threshold,
        target_precision: cal.target_precision,
        pairs: pairs.len(),
        trials,
        chosen,
        first_pass_off,
    })
}

/// Corrects each half with the data learned from the other under every
/// setting of [`GRID`], with the rules `off` only suggested.
fn grid(
    code: &str,
    cal: &Calibrate,
    halves: &[Vec<Pair>; 2],
    learned: &[PathBuf],
    tmp: &Path,
    off: &[String],
) -> Result<Vec<Trial>> {
    let mut trials = Vec::with_capacity(GRID.len());
    for (g, &(keep, per_letter)) in GRID.iter().enumerate() {
        let mut scores: Vec<Scores> = Vec::new();
        let mut rules: BTreeMap<String, Judged> = BTreeMap::new();
        let mut misreadings: BTreeMap<String, Judged> = BTreeMap::new();
        for h in 0..2 {
            let layer = tmp.join(format!("ranking{g}-{h}-{}", off.len()));
            ranking_layer(&layer, code, keep, per_letter, off)?;
            let mut dirs = cal.dict_dirs.clone();
            dirs.push(learned[h].clone());
            dirs.push(layer);
            let dicts = Dictionaries::load(&dirs)?;
            let corrector = Corrector::new(
                dicts,
                RuleOptions {
                    lang: LangChoice::Code(code.to_owned()),
                    threshold: cal.threshold,
                    ..RuleOptions::default()
                },
            )?;
            let test = &halves[1 - h];
            let caches = CachePool::default();
            let part: Vec<(Scores, Vec<Judgement>)> = test
                .par_iter()
                .map_init(
                    || caches.take(),
                    |cache, p| {
                        let c = corrector.correct_text(&p.ocr, cache);
                        (
                            score_texts(&p.gt, &p.ocr, Some(&c.output), true),
                            judge(&p.gt, &p.ocr, &c.changes),
                        )
                    },
                )
                .collect();
            let lang = corrector.dictionaries().get(code);
            let misreadings_rule = format!("misreadings:{code}");
            let mut folded = String::new();
            for (score, judged) in part {
                scores.push(score);
                for j in judged {
                    if j.rule == misreadings_rule {
                        if let Some(lang) = lang {
                            lang.fold(&j.original, &mut folded);
                            misreadings.entry(folded.clone()).or_default().add(j.delta);
                        }
                    }
                    rules.entry(j.rule).or_default().add(j.delta);
                }
            }
        }
        let sum = Scores::sum(&scores);
        let c = sum.corrected.unwrap_or_default();
        trials.push(Trial {
            keep_cost: keep,
            keep_cost_per_letter: per_letter,
            ocr_cd: sum.ocr_cd,
            corr_cd: c.corr_cd,
            changed: c.changed,
            fixed: c.fixed,
            broken: c.broken,
            rules,
            misreadings,
        });
    }
    Ok(trials)
}

/// One applied change judged alone.
struct Judgement {
    rule: String,
    /// The text it replaced.
    original: String,
    /// What it alone does to the edit distance to the ground truth.
    delta: i64,
}

/// Judges each applied change of a corrected text alone.
fn judge(gt: &str, ocr: &str, changes: &[crate::change::Change]) -> Vec<Judgement> {
    let applied: Vec<Change> = changes
        .iter()
        .filter(|c| c.action == Action::Applied)
        .map(|c| Change {
            start: c.span.start,
            end: c.span.end,
            replacement: c.replacement.clone(),
            rule: c.rule.to_string(),
        })
        .collect();
    // The corrector's changes never overlap and lie on character
    // boundaries of the text they were made for.
    let deltas = per_change(gt, ocr, &applied, true).unwrap_or_default();
    applied
        .into_iter()
        .zip(deltas)
        .map(|(c, delta)| Judgement {
            original: ocr[c.start..c.end].to_owned(),
            rule: c.rule,
            delta,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(changed: usize, fixed: usize, corr_cd: usize) -> Trial {
        Trial {
            keep_cost: 0.0,
            keep_cost_per_letter: 0.0,
            ocr_cd: 100,
            corr_cd,
            changed,
            fixed,
            broken: 0,
            rules: BTreeMap::new(),
            misreadings: BTreeMap::new(),
        }
    }

    #[test]
    fn a_rule_is_judged_by_the_evidence() {
        let j = |better, worse| Judged {
            better,
            same: 5,
            worse,
        };
        // too few changes that made a difference to judge a rule
        assert!(!j(0, 2).below(0.9));
        // few changes: no evidence against 90 %
        assert!(!j(3, 1).below(0.9));
        assert!(!j(5, 1).below(0.9));
        // EN1's joins in one fold: 2 closer, 5 further
        assert!(j(2, 5).below(0.9));
        // many changes at 85 %: evidence
        assert!(j(85, 15).below(0.9));
        assert!(!j(95, 5).below(0.9));
        // a single misreading that made the text worse is dropped, one
        // that is right once and wrong once too; right three times and
        // wrong once, it stays
        assert!(j(0, 1).short_of(0.9));
        assert!(j(1, 1).short_of(0.9));
        assert!(!j(3, 1).short_of(0.9));
        assert!(!j(0, 0).short_of(0.9));
        assert!((wilson_upper(3, 4) - 0.942).abs() < 0.001);
        assert!((wilson_lower(93, 206) - 0.395).abs() < 0.001);
        assert!(wilson_lower(10, 10) < 1.0 && wilson_lower(0, 10) < 1e-9);
    }

    #[test]
    fn a_dropped_misreading_leaves_its_rule_and_a_first_pass_rule_stays_listed() {
        let j = |better, worse| Judged {
            better,
            same: 0,
            worse,
        };
        let mut trial = t(10, 9, 50);
        trial.rules = [
            ("misreadings:bg".to_string(), j(20, 3)),
            ("lexicon:bg".to_string(), j(4, 0)),
        ]
        .into_iter()
        .collect();
        trial.misreadings = [("бе".to_string(), j(0, 2)), ("сж".to_string(), j(20, 1))]
            .into_iter()
            .collect();
        let cal = Calibration {
            threshold: 0.99,
            target_precision: 0.9,
            pairs: 4,
            trials: vec![trial],
            chosen: 0,
            first_pass_off: [("boundary:join".to_string(), j(1, 7))]
                .into_iter()
                .collect(),
        };
        assert!(cal.drops_misreading("бе"));
        assert!(!cal.drops_misreading("сж"));
        assert!(!cal.drops_misreading("unseen"));
        let rules = cal.rules_judged("bg", &["бе"]);
        assert_eq!(rules["misreadings:bg"], j(20, 1));
        assert_eq!(rules["lexicon:bg"], j(4, 0));
        assert_eq!(rules["boundary:join"], j(1, 7));
    }

    #[test]
    fn extra_changes_must_be_fixes_at_the_target_rate() {
        // from 20 to 40 changes: 19 more fixes of 20 (95%)
        // from 40 to 100 changes: 42 more fixes of 60 (70%)
        let trials = [t(100, 80, 60), t(40, 38, 70), t(20, 19, 80), t(0, 0, 100)];
        assert_eq!(choose(&trials, 0.9), 1);
        assert_eq!(choose(&trials, 0.5), 0);
        assert_eq!(choose(&trials, 0.99), 3);
    }
}
