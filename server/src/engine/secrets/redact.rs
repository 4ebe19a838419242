//! The only form in which a secret leaves the engine: a recognisable prefix
//! and a short tail, never enough to use it.

/// `ghp_****...a1B2`: a provider prefix (when the value has one) and the last
/// few characters. Short values are fully masked.
pub fn redact(secret: &str) -> String {
    let len = secret.chars().count();
    if len < 12 {
        return "****".to_owned();
    }
    let prefix = provider_prefix(secret)
        .filter(|p| p.len() * 3 <= len)
        .unwrap_or("");
    let tail = if len >= 24 { 4 } else { 2 };
    let suffix: String = secret.chars().skip(len - tail).collect();
    format!("{prefix}****...{suffix}")
}

/// The leading letters up to a separator (`ghp_`, `sk-proj-`, `xoxb-`), when
/// the value starts that way. Digits are never part of it.
fn provider_prefix(secret: &str) -> Option<&str> {
    let mut end = None;
    for (i, b) in secret.bytes().enumerate().take(12) {
        match b {
            b'_' | b'-' | b'.' => end = Some(i + 1),
            b if b.is_ascii_alphabetic() => {}
            _ => break,
        }
    }
    end.map(|e| &secret[..e])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_prefix_and_tail_only() {
        assert_eq!(
            redact("ghp_Zq3xT8mVb2Lk9PwR4nYc7HsJ1dFg5A0aBc"),
            "ghp_****...0aBc"
        );
        assert_eq!(
            redact("sk-proj-abcDEF123456789012345678"),
            "sk-proj-****...5678"
        );
        assert_eq!(redact("hunter22"), "****");
        assert_eq!(redact("Q8zR2lxP0vKt7sWm3N"), "****...3N");
    }
}
