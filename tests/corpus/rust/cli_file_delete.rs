use std::env;
use std::fs;

fn main() -> std::io::Result<()> {
    let target = env::args().nth(1).expect("usage: purge <name>");
    let full = format!("/var/cache/app/{}", target);
    fs::remove_dir_all(&full)?; // expect: CWE-22
    println!("purged {full}");
    Ok(())
}
