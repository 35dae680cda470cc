//! Interned names: one copy of each field name for the whole process.
//!
//! Every record holds its fields by name. With each record owning a copy
//! of every name (and a `BTreeMap` node around them), the names and nodes
//! were a third of a loaded 100,000-record site. Names are interned only
//! once the schema declared them (an undeclared field is an error and is
//! never stored), so what is kept is bounded by the schemas a process has
//! read: a few kilobytes, kept for its life like rustc's symbols.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Mutex;

static NAMES: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);

thread_local! {
    // Validation runs on every core: each thread asks the shared table once
    // a name, then finds it here without taking the lock.
    static SEEN: RefCell<HashSet<&'static str>> = RefCell::new(HashSet::new());
}

/// The process's one copy of `name`.
pub fn intern(name: &str) -> &'static str {
    if let Some(found) = SEEN.with(|s| s.borrow().get(name).copied()) {
        return found;
    }
    let interned = {
        // A panic elsewhere while holding the lock leaves a table that is
        // still whole (an insert either happened or not): keep using it.
        let mut guard = NAMES.lock().unwrap_or_else(|e| e.into_inner());
        let table = guard.get_or_insert_with(HashSet::new);
        match table.get(name) {
            Some(found) => *found,
            None => {
                let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
                table.insert(leaked);
                leaked
            }
        }
    };
    SEEN.with(|s| s.borrow_mut().insert(interned));
    interned
}

#[cfg(test)]
mod tests {
    use super::intern;

    #[test]
    fn the_same_name_is_the_same_copy() {
        let a = intern("jurisdiction");
        let b = intern(&String::from("jurisdiction"));
        assert_eq!(a, "jurisdiction");
        assert!(std::ptr::eq(a, b));
        let other =
            std::thread::spawn(|| intern("jurisdiction") as *const str as *const u8 as usize)
                .join()
                .unwrap_or_default();
        assert_eq!(other, a.as_ptr() as usize);
        assert_ne!(intern("status").as_ptr(), a.as_ptr());
    }
}
