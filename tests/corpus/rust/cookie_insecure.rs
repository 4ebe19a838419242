use axum_extra::extract::cookie::{Cookie, CookieJar};

pub async fn login(jar: CookieJar) -> (CookieJar, &'static str) {
    let session = uuid::Uuid::new_v4().to_string();
    let cookie = Cookie::build(("session_id", session)) // expect: CWE-614
        .path("/")
        .max_age(time::Duration::hours(8))
        .build();
    (jar.add(cookie), "welcome")
}
