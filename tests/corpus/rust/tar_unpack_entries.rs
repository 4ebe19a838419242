use flate2::read::GzDecoder;
use std::fs::File;
use std::path::Path;
use tar::Archive;

pub fn extract(path: &Path, dest: &Path) -> std::io::Result<()> {
    let mut archive = Archive::new(GzDecoder::new(File::open(path)?));
    for entry in archive.entries()? {
        let mut entry = entry?;
        let target = dest.join(entry.path()?); // expect: CWE-22
        entry.unpack(&target)?; // expect: CWE-22
    }
    Ok(())
}
