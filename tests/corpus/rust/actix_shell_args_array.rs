use actix_web::{post, web, HttpResponse, Responder};
use serde::Deserialize;
use tokio::process::Command;

#[derive(Deserialize)]
struct ConvertRequest {
    input: String,
    output: String,
}

#[post("/convert")]
async fn convert(req: web::Json<ConvertRequest>) -> impl Responder {
    let script = format!("convert {} {}", req.input, req.output);
    let result = Command::new("sh").args(["-c", &script]).output().await; // expect: CWE-78
    match result {
        Ok(out) if out.status.success() => HttpResponse::Ok().body("converted"),
        _ => HttpResponse::InternalServerError().finish(),
    }
}
