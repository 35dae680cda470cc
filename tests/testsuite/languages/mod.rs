//! Sites in several languages (SPEC "Languages"): translation files and
//! their validation, pages per language, the translated interface,
//! search in every language.

pub(crate) mod analysis;
mod content;
mod eval;
mod numbers;
mod pages;
mod scripts;
mod search;
mod theme;
