//! Offline checksums some token formats carry. A token whose checksum holds is
//! almost certainly real; one whose checksum fails is likely made up or mangled.

use serde::Deserialize;

/// The checksum kinds a rule file may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Checksum {
    /// GitHub's and npm's tokens: the last six characters are the CRC32 of
    /// the random part before them, written in base62 (`0-9A-Za-z`).
    #[serde(alias = "npm-crc32")]
    GithubCrc32,
}

impl Checksum {
    /// Does `token` (the whole token, prefix included) carry a valid checksum?
    pub fn verify(self, token: &str) -> bool {
        match self {
            Checksum::GithubCrc32 => base62_crc32(token),
        }
    }
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// The random part is what follows the last `_`; its last six characters
/// are the checksum of the rest.
fn base62_crc32(token: &str) -> bool {
    let body = token.rsplit('_').next().unwrap_or(token);
    if body.len() <= 6 || !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let (random, check) = body.split_at(body.len() - 6);
    let mut value: u64 = 0;
    for b in check.bytes() {
        let Some(digit) = BASE62.iter().position(|&c| c == b) else {
            return false;
        };
        value = value * 62 + digit as u64;
    }
    value == u64::from(crc32fast::hash(random.as_bytes()))
}

/// The checksum suffix for `random` (used by tests to build valid tokens).
pub fn base62_crc32_suffix(random: &str) -> String {
    let mut n = u64::from(crc32fast::hash(random.as_bytes()));
    let mut out = Vec::new();
    while n > 0 {
        out.push(BASE62[(n % 62) as usize]);
        n /= 62;
    }
    while out.len() < 6 {
        out.push(b'0');
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_style_checksum_round_trips() {
        let random = "Zq3xT8mVb2Lk9PwR4nYc7HsJ1dFg5A";
        let token = format!("ghp_{random}{}", base62_crc32_suffix(random));
        assert_eq!(token.len(), 40);
        assert!(Checksum::GithubCrc32.verify(&token));
        let mut broken = token.clone();
        broken.replace_range(10..11, "Q");
        assert!(!Checksum::GithubCrc32.verify(&broken));
        assert!(!Checksum::GithubCrc32.verify("ghp_short"));
    }
}
