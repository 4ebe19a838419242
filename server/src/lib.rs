//! suggestguard: security feedback on AI-suggested code, in the editor and in CI.
//!
//! Layers, each using only those below it: `lsp`/`cli` -> `engine` ->
//! `document`, `rules` -> `lang`, `config`, `finding`,
//! `text`. See ARCHITECTURE.md.

pub mod cli;
pub mod config;
pub mod document;
pub mod engine;
pub mod finding;
pub mod fuzzing;
pub mod gitdiff;
pub mod index;
pub mod lang;
pub mod lesson;
pub mod lsp;
pub mod provenance;
pub mod rules;
pub mod snippet;
pub mod text;
