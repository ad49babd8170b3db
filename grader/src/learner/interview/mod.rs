//! The mock interview's plan and record: which quiz items and which exercise (or stage) a seed
//! draws, and what came of them. [`terminal`] runs it at the terminal; [`report`] writes the
//! record as Markdown.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::grade::manifest::Manifest;
use crate::grade::outcome::ExerciseReport;
use crate::learner::quiz::answers::Judged;
use crate::learner::quiz::{Item, Quiz};

/// What one seed draws. Indices are into the quiz's chapters and items and the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    pub(crate) seed: u64,
    /// `(chapter, item)` in the order they are asked.
    pub(crate) questions: Vec<(usize, usize)>,
    /// The manifest index of the exercise, if the manifest has any.
    pub(crate) exercise: Option<usize>,
    /// For an exercise built in stages: the stage to reach (graded with the stages before it).
    pub(crate) stage: Option<u32>,
}

/// Draws `count` items spread across chapters (one from each chapter in a shuffled order, then
/// a second from each, …) and one exercise, or one stage of an exercise built in stages.
/// The exercise is drawn from `exercises` (manifest indices; all of them when empty). The same
/// seed, quiz, manifest and exercises always draw the same plan.
pub(crate) fn draw(
    quiz: &Quiz,
    manifest: &Manifest,
    exercises: &[usize],
    seed: u64,
    count: usize,
) -> Plan {
    let mut rng = SplitMix64(seed);
    let mut chapters: Vec<usize> = (0..quiz.chapters.len()).collect();
    rng.shuffle(&mut chapters);
    let mut pools: Vec<Vec<usize>> = chapters
        .iter()
        .map(|&chapter| {
            let mut items: Vec<usize> = (0..quiz.chapters[chapter].items.len()).collect();
            rng.shuffle(&mut items);
            items
        })
        .collect();
    let mut questions = Vec::new();
    while questions.len() < count && pools.iter().any(|pool| !pool.is_empty()) {
        for (pool, &chapter) in pools.iter_mut().zip(&chapters) {
            if questions.len() == count {
                break;
            }
            if let Some(item) = pool.pop() {
                questions.push((chapter, item));
            }
        }
    }
    let all: Vec<usize> = (0..manifest.exercises.len()).collect();
    let pool = if exercises.is_empty() {
        &all
    } else {
        exercises
    };
    let exercise = (!pool.is_empty()).then(|| pool[rng.below(pool.len())]);
    let stage = exercise.and_then(|index| {
        let stages: Vec<u32> = manifest.exercises[index].stages().into_iter().collect();
        (!stages.is_empty()).then(|| stages[rng.below(stages.len())])
    });
    Plan {
        seed,
        questions,
        exercise,
        stage,
    }
}

/// The exercises an interview draws from: those the learner has started (whose files are not
/// exactly their stub, `untouched` lists the others); when none is, the first not started.
pub(crate) fn exercises_to_draw(exercises: usize, untouched: &BTreeSet<usize>) -> Vec<usize> {
    let started: Vec<usize> = (0..exercises).filter(|i| !untouched.contains(i)).collect();
    if started.is_empty() {
        (0..exercises).take(1).collect()
    } else {
        started
    }
}

/// What happened: every drawn question with its judged answer, the exercise's grade.
#[derive(Debug)]
pub(crate) struct Record<'q> {
    pub(crate) plan: Plan,
    pub(crate) minutes: f64,
    pub(crate) used: Duration,
    /// Whether the time ran out before the candidate was done.
    pub(crate) timed_out: bool,
    pub(crate) questions: Vec<Asked<'q>>,
    /// The exercise's entry of the report (its stage's tests only), or why it could not be graded.
    pub(crate) exercise: Option<Result<ExerciseReport, String>>,
}

/// One question as asked and answered.
#[derive(Debug)]
pub(crate) struct Asked<'q> {
    pub(crate) chapter: &'q str,
    pub(crate) item: &'q Item,
    pub(crate) judged: Judged,
}

/// A small, fast generator whose sequence is fixed forever (a dependency's could change with
/// its version, and a class's seed must keep drawing the same interview).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`); the modulo bias is irrelevant at these sizes.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

pub(crate) mod report;
pub(crate) mod terminal;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exercise_comes_from_those_started() {
        let untouched: BTreeSet<usize> = [0, 2, 3].into();
        assert_eq!(exercises_to_draw(4, &untouched), [1]);
        assert_eq!(exercises_to_draw(3, &[0, 1, 2].into()), [0]);
        assert_eq!(exercises_to_draw(2, &BTreeSet::new()), [0, 1]);
    }

    #[test]
    fn the_generator_is_fixed() {
        // The first outputs of SplitMix64 from 0, as published with the algorithm.
        let mut rng = SplitMix64(0);
        assert_eq!(rng.next(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn a_shuffle_keeps_every_item() {
        let mut rng = SplitMix64(7);
        let mut items: Vec<u32> = (0..50).collect();
        rng.shuffle(&mut items);
        let mut sorted = items.clone();
        sorted.sort();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        assert_ne!(items, sorted, "50 items do not stay in order");
    }
}
