pub async fn report(client: &reqwest::Client) -> reqwest::Result<reqwest::Response> {
    let user = std::env::var("METRICS_USER").unwrap_or_default();
    let password = std::env::var("METRICS_PASSWORD").ok();
    client
        .post("https://metrics.example.com/v1/push")
        .basic_auth(user, password)
        .send()
        .await
}
