use actix_cors::Cors;
use actix_web::{App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        let cors = Cors::default()
            .allow_any_origin() // expect: CWE-942
            .allow_any_method()
            .supports_credentials();
        App::new().wrap(cors)
    })
    .bind(("127.0.0.1", 8080))?
    .run()
    .await
}
