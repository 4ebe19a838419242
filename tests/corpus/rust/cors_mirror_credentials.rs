use axum::http::Method;
use tower_http::cors::{AllowOrigin, CorsLayer};

pub fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request()) // expect: CWE-942
        .allow_methods([Method::GET, Method::POST])
        .allow_credentials(true)
}
