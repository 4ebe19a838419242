use actix_web::{get, web, HttpResponse};
use std::path::Path;

#[get("/avatar/{name}")]
async fn avatar(name: web::Path<String>) -> HttpResponse {
    let Some(file) = Path::new(name.as_str()).file_name() else {
        return HttpResponse::BadRequest().finish();
    };
    let path = Path::new("./avatars").join(file);
    match std::fs::read(path) {
        Ok(bytes) => HttpResponse::Ok().body(bytes),
        Err(_) => HttpResponse::NotFound().finish(),
    }
}
