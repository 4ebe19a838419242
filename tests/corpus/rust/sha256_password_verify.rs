use sha2::{Digest, Sha256};

pub fn verify_password(stored_hash: &str, password: &str) -> bool {
    let digest = Sha256::digest(password.as_bytes()); // expect: CWE-916
    hex::encode(digest) == stored_hash
}
