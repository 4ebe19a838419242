use serde::Deserialize;
use tracing::{debug, warn};

#[derive(Deserialize)]
pub struct SignupForm {
    pub email: String,
    pub password: String,
}

pub struct SmtpRelay {
    host: String,
    auth_token: String,
}

pub async fn signup(axum::Json(form): axum::Json<SignupForm>) -> &'static str {
    debug!("new signup email={} password={}", form.email, form.password); // expect: CWE-532
    "ok"
}

impl SmtpRelay {
    pub fn connect(&self) {
        warn!(host = %self.host, token = %self.auth_token, "connecting to relay"); // expect: CWE-532
    }
}

pub fn show(settings: &app::Settings) {
    eprintln!("stripe key: {:?}", settings.billing.stripe_api_key); // expect: CWE-532
}
