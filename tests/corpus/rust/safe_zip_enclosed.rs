use std::fs;
use std::io;
use std::path::Path;

pub fn unzip(archive_path: &Path, dest: &Path) -> zip::result::ZipResult<()> {
    let mut archive = zip::ZipArchive::new(fs::File::open(archive_path)?)?;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let Some(relative) = entry.enclosed_name() else { continue };
        let outpath = dest.join(relative);
        let mut out = fs::File::create(&outpath)?;
        io::copy(&mut entry, &mut out)?;
    }
    Ok(())
}

pub fn untar(path: &Path, dest: &Path) -> io::Result<()> {
    let mut archive = tar::Archive::new(fs::File::open(path)?);
    for entry in archive.entries()? {
        entry?.unpack_in(dest)?;
    }
    Ok(())
}
