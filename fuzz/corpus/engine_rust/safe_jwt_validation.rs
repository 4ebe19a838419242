use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};
use serde::Deserialize;

#[derive(Deserialize)]
struct Claims {
    sub: String,
}

pub fn user_from_token(token: &str, secret: &[u8]) -> Option<String> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = true;
    validation.leeway = 30;
    let data = decode::<Claims>(token, &DecodingKey::from_secret(secret), &validation).ok()?;
    Some(data.claims.sub)
}
