use jsonwebtoken::{decode, DecodingKey, Validation, Algorithm};
fn verify(token: &str) -> bool {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false; // expect: CWE-347
    decode::<serde_json::Value>(token, &DecodingKey::from_secret("secret".as_ref()), &validation).is_ok() // expect: CWE-798
}
