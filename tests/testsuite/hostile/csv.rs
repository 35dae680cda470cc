//! See `hostile/mod.rs`.

#[allow(unused_imports)]
use crate::support::*;
