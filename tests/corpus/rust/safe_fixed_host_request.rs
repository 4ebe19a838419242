use axum::extract::Path;

pub async fn user_repos(Path(user): Path<String>) -> Result<String, reqwest::Error> {
    let client = reqwest::Client::new();
    let url = format!("https://api.github.com/users/{}/repos", user);
    client
        .get(url)
        .header("User-Agent", "repo-lister")
        .send()
        .await?
        .text()
        .await
}
