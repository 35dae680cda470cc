//! A value handed from one thread to a worker that takes the latest: the
//! rebuild thread gives sites and jobs faster than the workers run them,
//! so a value still waiting is replaced (or merged) rather than queued.

use std::sync::{Condvar, Mutex};

pub(super) struct Handoff<T> {
    slot: Mutex<Option<T>>,
    wake: Condvar,
}

impl<T> Handoff<T> {
    pub(super) fn new() -> Handoff<T> {
        Handoff { slot: Mutex::new(None), wake: Condvar::new() }
    }

    /// Hands over `value`; one still waiting is combined with it by
    /// `merge(waiting, value)`.
    pub(super) fn give(&self, value: T, merge: impl FnOnce(T, T) -> T) {
        // A panic elsewhere while the lock was held leaves only a value.
        let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        let value = match slot.take() {
            Some(waiting) => merge(waiting, value),
            None => value,
        };
        *slot = Some(value);
        self.wake.notify_one();
    }

    /// Waits for a value and takes it.
    pub(super) fn take(&self) -> T {
        let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(value) = slot.take() {
                return value;
            }
            slot = self.wake.wait(slot).unwrap_or_else(|e| e.into_inner());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_waiting_value_is_merged_with_the_next_and_taken_once() {
        let h = Handoff::new();
        h.give(vec![1], |_, newer| newer);
        h.give(vec![2], |mut waiting, newer| {
            waiting.extend(newer);
            waiting
        });
        assert_eq!(h.take(), vec![1, 2]);
        let taker = std::thread::scope(|s| {
            let t = s.spawn(|| h.take());
            h.give(vec![3], |_, newer| newer);
            t.join().expect("taker")
        });
        assert_eq!(taker, vec![3]);
    }
}
