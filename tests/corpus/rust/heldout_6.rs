async fn fetch(url: String) -> Result<String, reqwest::Error> {
    let client = reqwest::Client::builder().danger_accept_invalid_certs(true).build()?; // expect: CWE-295
    client.get(&url).send().await?.text().await
}
