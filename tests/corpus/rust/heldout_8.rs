fn main() {
    let data: Vec<u8> = vec![1, 2, 3];
    let ptr = data.as_ptr();
    let len = std::env::args().count() * 100;
    let slice = unsafe { std::slice::from_raw_parts(ptr, len) }; // expect: CWE-119
    println!("{:?}", slice);
}
