use md5::{Digest, Md5};

pub fn hash_password(password: &str, salt: &str) -> String {
    let mut hasher = Md5::new(); // expect: CWE-916
    hasher.update(salt.as_bytes());
    hasher.update(password.as_bytes());
    hex::encode(hasher.finalize())
}
