use rand::distributions::Alphanumeric;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

pub fn generate_reset_token() -> String {
    let mut rng = SmallRng::from_entropy(); // expect: CWE-338
    (0..40).map(|_| rng.sample(Alphanumeric) as char).collect()
}
