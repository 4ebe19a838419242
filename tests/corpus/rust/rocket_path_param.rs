#[macro_use]
extern crate rocket;

use rocket::fs::NamedFile;
use std::path::Path;

#[get("/download/<file>")]
async fn download(file: String) -> Option<NamedFile> {
    NamedFile::open(Path::new("static/").join(file)).await.ok() // expect: CWE-22
}
