use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

pub fn sign(payload: &[u8]) -> Vec<u8> {
    let mut mac = HmacSha256::new_from_slice(b"webhook-signing-secret").expect("any size"); // expect: CWE-321
    mac.update(payload);
    mac.finalize().into_bytes().to_vec()
}
