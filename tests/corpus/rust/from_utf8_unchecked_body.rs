use axum::body::Bytes;

pub async fn echo(body: Bytes) -> String {
    let text = unsafe { std::str::from_utf8_unchecked(&body) }; // expect: CWE-119, CWE-676
    text.to_uppercase()
}
