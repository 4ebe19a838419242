use rand::distributions::{Alphanumeric, DistString};
use rand::rngs::OsRng;

pub fn generate_session_id() -> String {
    Alphanumeric.sample_string(&mut OsRng, 48)
}
