use std::fs::{self, OpenOptions};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};

pub fn write_socket_dir(path: &str) -> std::io::Result<()> {
    fs::create_dir_all(path)?;
    fs::set_permissions(path, fs::Permissions::from_mode(0o777))?; // expect: CWE-732
    let _log = OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o666) // expect: CWE-732
        .open(format!("{path}/events.log"))?;
    Ok(())
}
