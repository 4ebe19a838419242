use std::process::Command;
fn main() {
    let user_input = std::env::args().nth(1).unwrap();
    let output = Command::new("sh").arg("-c").arg(format!("echo {}", user_input)).output().unwrap(); // expect: CWE-78
    println!("{:?}", output);
}
