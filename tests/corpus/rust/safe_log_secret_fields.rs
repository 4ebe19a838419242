use serde::Deserialize;
use tracing::{debug, info};

#[derive(Deserialize)]
pub struct SignupForm {
    pub email: String,
    pub password: String,
}

pub struct SmtpRelay {
    host: String,
    auth_token: String,
    token_count: usize,
}

pub async fn signup(axum::Json(form): axum::Json<SignupForm>) -> &'static str {
    debug!("new signup email={} password length={}", form.email, form.password.len());
    "ok"
}

impl SmtpRelay {
    pub fn connect(&self) {
        info!(host = %self.host, tokens = self.token_count, "connecting to relay");
        info!("relay token set: {}", !self.auth_token.is_empty());
    }
}

pub fn show(settings: &app::Settings) {
    println!("password policy: {}", settings.password_policy);
}
