use std::env;
use std::process::Command;

fn main() {
    let args: Vec<String> = env::args().collect();
    let pattern = &args[1];
    let mut cmd = Command::new("bash");
    cmd.arg("-c");
    cmd.arg(pattern); // expect: CWE-78
    let status = cmd.status().expect("bash failed");
    std::process::exit(status.code().unwrap_or(1));
}
