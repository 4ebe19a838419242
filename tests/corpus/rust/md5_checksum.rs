use std::fs::File;
use std::io::Read;

/// Content fingerprint used for cache busting of static assets.
pub fn asset_fingerprint(path: &str) -> std::io::Result<String> {
    let mut data = Vec::new();
    File::open(path)?.read_to_end(&mut data)?;
    let digest = md5::compute(&data); // expect: CWE-328
    Ok(format!("{:x}", digest)[..8].to_string())
}
