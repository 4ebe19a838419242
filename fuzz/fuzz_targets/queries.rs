#![no_main]
//! See `suggestguard::fuzzing::queries` for what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| suggestguard::fuzzing::queries(data));
