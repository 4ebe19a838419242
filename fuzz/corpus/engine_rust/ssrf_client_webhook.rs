use actix_web::{post, web, HttpResponse};
use serde::Deserialize;

#[derive(Deserialize)]
struct Webhook {
    callback: String,
    event: String,
}

#[post("/webhooks/test")]
async fn test_webhook(body: web::Json<Webhook>, client: web::Data<reqwest::Client>) -> HttpResponse {
    let res = client
        .post(&body.callback) // expect: CWE-918
        .json(&serde_json::json!({ "event": body.event }))
        .send()
        .await;
    match res {
        Ok(r) => HttpResponse::Ok().body(r.status().to_string()),
        Err(_) => HttpResponse::BadGateway().finish(),
    }
}
