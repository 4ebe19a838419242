use std::fs::File;
use std::io::Write;

pub fn dump_report(data: &str) -> std::io::Result<()> {
    let path = std::env::temp_dir().join("report-latest.html"); // expect: CWE-377
    let mut f = File::create(&path)?;
    f.write_all(data.as_bytes())
}
