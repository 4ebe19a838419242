use des::cipher::{BlockEncrypt, KeyInit};
use des::Des;

pub fn encrypt_block(key: &[u8], block: &mut [u8; 8]) {
    let cipher = Des::new_from_slice(key).unwrap(); // expect: CWE-327
    cipher.encrypt_block(block.into());
}
