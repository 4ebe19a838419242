use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng};
use aes_gcm::Aes256Gcm;
use rand::RngCore;

pub fn cipher_from_env() -> Aes256Gcm {
    let hex_key = std::env::var("DATA_KEY").expect("DATA_KEY must be set");
    let key = hex::decode(hex_key).expect("hex");
    Aes256Gcm::new_from_slice(&key).expect("32-byte key")
}

pub fn fresh_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    OsRng.fill_bytes(&mut key);
    key
}

pub fn seal(cipher: &Aes256Gcm, data: &[u8]) -> Vec<u8> {
    let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
    cipher.encrypt(&nonce, data).unwrap()
}
