use lettre::transport::smtp::authentication::Credentials;
use lettre::SmtpTransport;

pub fn mailer() -> SmtpTransport {
    let creds = Credentials::new("alerts@example.com".to_owned(), "Sup3rS3cretPw!".to_owned()); // expect: CWE-798
    SmtpTransport::relay("smtp.example.com").unwrap().credentials(creds).build()
}

pub async fn report(client: &reqwest::Client) -> reqwest::Result<reqwest::Response> {
    client
        .post("https://metrics.example.com/v1/push")
        .basic_auth("pusher", Some("p4ssw0rd-metrics")) // expect: CWE-798
        .send()
        .await
}
