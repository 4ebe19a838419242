use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

pub async fn login(jar: CookieJar) -> CookieJar {
    let session = uuid::Uuid::new_v4().to_string();
    jar.add(
        Cookie::build(("session_id", session))
            .path("/")
            .secure(true)
            .http_only(true)
            .same_site(SameSite::Strict),
    )
}

pub async fn logout(jar: CookieJar) -> CookieJar {
    jar.remove(Cookie::from("session_id"))
}
