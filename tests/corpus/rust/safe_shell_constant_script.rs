use std::process::Command;

const CLEANUP: &str = "rm -rf ./target/tmp && mkdir -p ./target/tmp";

fn clean() -> std::io::Result<()> {
    Command::new("sh").arg("-c").arg(CLEANUP).status()?;
    Command::new("sh").arg("-c").arg("cargo build --release").status()?;
    Ok(())
}
