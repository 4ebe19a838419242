use openssl::symm::{decrypt, Cipher};

pub fn decrypt_legacy(key: &[u8], data: &[u8]) -> Vec<u8> {
    let cipher = Cipher::aes_256_ecb(); // expect: CWE-327
    decrypt(cipher, key, None, data).expect("decrypt")
}
