use md5;
fn store_password(pw: &str) -> String {
    let digest = md5::compute(pw.as_bytes()); // expect: CWE-328
    format!("{:x}", digest)
}
