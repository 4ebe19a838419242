use actix_web::cookie::Cookie;
use actix_web::{post, HttpResponse};

#[post("/login")]
async fn login() -> HttpResponse {
    let token = "generated-elsewhere".to_string();
    let cookie = Cookie::build("auth", token)
        .secure(true)
        .http_only(false) // expect: CWE-1004
        .finish();
    HttpResponse::Ok().cookie(cookie).finish()
}
