use std::fs;
use std::io;
use std::path::Path;

pub fn unzip(archive_path: &Path, dest: &Path) -> zip::result::ZipResult<()> {
    let file = fs::File::open(archive_path)?;
    let mut archive = zip::ZipArchive::new(file)?;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let outpath = dest.join(entry.name()); // expect: CWE-22
        if entry.is_dir() {
            fs::create_dir_all(&outpath)?;
        } else {
            let mut out = fs::File::create(&outpath)?;
            io::copy(&mut entry, &mut out)?;
        }
    }
    Ok(())
}
