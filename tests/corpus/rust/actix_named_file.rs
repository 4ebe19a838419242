use actix_files::NamedFile;
use actix_web::{get, web, Result};

#[get("/docs/{name}")]
async fn docs(name: web::Path<String>) -> Result<NamedFile> {
    let path = format!("./docs/{}", name.into_inner());
    Ok(NamedFile::open(path)?) // expect: CWE-22
}
