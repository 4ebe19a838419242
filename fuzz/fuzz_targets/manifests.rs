#![no_main]
//! See `suggestguard::fuzzing::manifests` for what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| suggestguard::fuzzing::manifests(data));
