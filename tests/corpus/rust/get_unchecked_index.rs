pub fn lookup(table: &[u16; 256], codes: &[usize]) -> Vec<u16> {
    let mut out = Vec::with_capacity(codes.len());
    for &code in codes {
        out.push(unsafe { *table.get_unchecked(code) }); // expect: CWE-119, CWE-676
    }
    out
}
