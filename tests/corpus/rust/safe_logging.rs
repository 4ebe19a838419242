use tracing::{info, warn};

pub fn login(user: &str, password: &str) -> bool {
    let ok = check(user, password);
    if ok {
        info!(user, "login succeeded");
    } else {
        warn!("login failed for {}", user);
    }
    println!("password length {}", password.len());
    ok
}

fn check(_user: &str, _password: &str) -> bool {
    false
}
