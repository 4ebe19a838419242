use jsonwebtoken::{encode, EncodingKey, Header};
use serde::Serialize;

#[derive(Serialize)]
struct Claims {
    sub: String,
    exp: usize,
}

pub fn issue(user: &str) -> String {
    let claims = Claims { sub: user.to_owned(), exp: 2_000_000_000 };
    encode(&Header::default(), &claims, &EncodingKey::from_secret(b"my-super-secret")).unwrap() // expect: CWE-321
}
