use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};

pub fn new_api_key() -> String {
    let mut rng = StdRng::seed_from_u64(42); // expect: CWE-330
    let mut key = [0u8; 32];
    rng.fill_bytes(&mut key);
    hex::encode(key)
}
