#![no_main]
//! See `suggestguard::fuzzing::secrets` for what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| suggestguard::fuzzing::secrets(data));
