use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};
use serde::Deserialize;

#[derive(Deserialize)]
struct Claims {
    sub: String,
}

pub fn user_from_token(token: &str) -> Option<String> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.insecure_disable_signature_validation(); // expect: CWE-347
    validation.validate_exp = false; // expect: CWE-347
    let data = decode::<Claims>(token, &DecodingKey::from_secret(&[]), &validation).ok()?;
    Some(data.claims.sub)
}
