use std::slice;

/// # Safety
/// `data` must point to `cap` readable bytes.
pub unsafe fn view(data: *const u8, cap: usize, len: usize) -> &'static [u8] {
    assert!(len <= cap, "length exceeds capacity");
    unsafe { slice::from_raw_parts(data, len) } // expect: CWE-676
}

pub fn copy_all(v: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len());
    unsafe { // expect: CWE-676
        std::ptr::copy_nonoverlapping(v.as_ptr(), out.as_mut_ptr(), v.len());
        out.set_len(v.len());
    }
    out
}
