use clap::Parser;
use std::process::Command;

#[derive(Parser)]
struct Cli {
    /// Program used to open the report
    #[arg(long)]
    viewer: String,
    report: String,
}

fn main() {
    let cli = Cli::parse();
    let status = Command::new(&cli.viewer) // expect: CWE-78
        .arg(&cli.report)
        .status()
        .expect("could not start viewer");
    println!("viewer exited with {status}");
}
