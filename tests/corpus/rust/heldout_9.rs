use std::io::{self, Read};
fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let path = input.trim();
    std::fs::remove_file(path).unwrap(); // expect: CWE-22
}
