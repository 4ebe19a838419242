#![no_main]
//! See `suggestguard::fuzzing::document_edits` for what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| suggestguard::fuzzing::document_edits(data));
