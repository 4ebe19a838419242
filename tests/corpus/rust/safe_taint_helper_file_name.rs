use axum::extract::Path;
use std::path::Path as FsPath;

fn read_avatar(file: &str) -> Option<Vec<u8>> {
    std::fs::read(FsPath::new("/srv/avatars").join(file)).ok()
}

pub async fn avatar(Path(name): Path<String>) -> Vec<u8> {
    let Some(file) = FsPath::new(&name).file_name().and_then(|f| f.to_str()) else {
        return Vec::new();
    };
    read_avatar(file).unwrap_or_default()
}
