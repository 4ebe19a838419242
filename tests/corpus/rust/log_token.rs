use tracing::info;

pub async fn refresh(client: &reqwest::Client) -> Result<String, reqwest::Error> {
    let access_token = client.post("https://auth.example.com/token").send().await?.text().await?;
    info!("refreshed access token: {}", access_token); // expect: CWE-532
    Ok(access_token)
}

pub fn connect(db_password: &str) {
    println!("connecting with password {db_password}"); // expect: CWE-532
}
