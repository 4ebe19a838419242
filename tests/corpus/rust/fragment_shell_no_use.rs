// fragment pasted from a larger file: no use lines
fn run_backup(dir: &str) -> std::io::Result<()> {
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("tar czf /backups/out.tgz {dir}")) // expect: CWE-78
        .status()?;
    if !status.success() {
        eprintln!("backup failed");
    }
    Ok(())
}
