pub fn build_client(ca_pem: &[u8]) -> reqwest::Result<reqwest::Client> {
    let ca = reqwest::Certificate::from_pem(ca_pem)?;
    reqwest::Client::builder()
        .add_root_certificate(ca)
        .danger_accept_invalid_certs(false)
        .build()
}
