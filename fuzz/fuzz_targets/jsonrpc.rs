#![no_main]
//! See `suggestguard::fuzzing::jsonrpc` for what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| suggestguard::fuzzing::jsonrpc(data));
