use aes::Aes128;
use ecb::cipher::{block_padding::Pkcs7, BlockEncryptMut, KeyInit};

type Aes128EcbEnc = ecb::Encryptor<Aes128>; // expect: CWE-327

pub fn encrypt(key: &[u8; 16], data: &[u8]) -> Vec<u8> {
    Aes128EcbEnc::new(key.into()).encrypt_padded_vec_mut::<Pkcs7>(data)
}

pub fn encrypt_inline(key: &[u8; 16], data: &[u8]) -> Vec<u8> {
    ecb::Encryptor::<Aes128>::new(key.into()).encrypt_padded_vec_mut::<Pkcs7>(data) // expect: CWE-327
}
