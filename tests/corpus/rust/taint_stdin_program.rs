use std::io::{self, BufRead};
use std::process::{Command, ExitStatus};

fn launch(program: &str, args: &[String]) -> io::Result<ExitStatus> {
    Command::new(program).args(args).status() // expect: CWE-78
}

fn main() -> io::Result<()> {
    let stdin = io::stdin();
    for line in stdin.lock().lines() {
        let line = line?;
        let mut words = line.split_whitespace().map(str::to_owned);
        let Some(program) = words.next() else { continue };
        let rest: Vec<String> = words.collect();
        launch(&program, &rest)?;
    }
    Ok(())
}
