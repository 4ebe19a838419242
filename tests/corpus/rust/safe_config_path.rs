use std::fs;
use std::path::PathBuf;

fn load_config() -> std::io::Result<String> {
    let home = std::env::var("HOME").unwrap_or_else(|_| ".".into());
    let path = PathBuf::from(home).join(".config/tool/config.toml");
    fs::read_to_string(path)
}

fn write_cache(key: u64, data: &[u8]) -> std::io::Result<()> {
    fs::write(format!("cache/{key}.bin"), data)
}
