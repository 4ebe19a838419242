#![no_main]
//! See `suggestguard::fuzzing::engine_python` for what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| suggestguard::fuzzing::engine_python(data));
