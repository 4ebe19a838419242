// no imports: pasted helper
fn api_token_digest(token: &str) -> String {
    format!("{:x}", Sha1::digest(token.as_bytes())) // expect: CWE-327
}
