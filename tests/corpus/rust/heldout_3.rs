use actix_web::{web, HttpResponse};
use std::fs;
async fn read_file(path: web::Query<std::collections::HashMap<String, String>>) -> HttpResponse {
    let filename = path.get("file").unwrap();
    let contents = fs::read_to_string(filename).unwrap(); // expect: CWE-22
    HttpResponse::Ok().body(contents)
}
