use std::slice;

#[no_mangle]
pub extern "C" fn checksum(data: *const u8, len: usize) -> u32 {
    let bytes = unsafe { slice::from_raw_parts(data, len) }; // expect: CWE-119, CWE-676
    bytes.iter().map(|b| *b as u32).sum()
}
