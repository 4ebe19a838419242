static mut NEXT_ID: u64 = 1;

pub fn next_id() -> u64 {
    unsafe {
        let id = NEXT_ID;
        NEXT_ID += 1; // expect: CWE-362
        id
    }
}
