//! Shannon entropy: how random a value looks, in bits per character. Random
//! tokens score high (base62: ~5), words and placeholders low.

/// Bits of entropy per byte of `value`, from its own byte frequencies.
pub fn shannon(value: &str) -> f64 {
    let bytes = value.as_bytes();
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let len = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / len;
            -p * p.log2()
        })
        .sum()
}

/// How many of lower case, upper case, digits and symbols `value` mixes.
pub fn char_classes(value: &str) -> usize {
    let mut classes = [false; 4];
    for b in value.bytes() {
        let i = match b {
            b'a'..=b'z' => 0,
            b'A'..=b'Z' => 1,
            b'0'..=b'9' => 2,
            _ => 3,
        };
        classes[i] = true;
    }
    classes.iter().filter(|c| **c).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_scores_higher_than_words() {
        assert_eq!(shannon(""), 0.0);
        assert_eq!(shannon("aaaa"), 0.0);
        assert!((shannon("ab") - 1.0).abs() < 1e-9);
        assert!(shannon("q8Zr2LxP0vKt7sWm3NcY") > 4.0);
        assert!(shannon("password") < 3.0);
        assert_eq!(char_classes("abC1"), 3);
        assert_eq!(char_classes("a-b"), 2);
    }
}
