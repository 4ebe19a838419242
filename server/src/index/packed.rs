//! The value stored for each name in the fst maps: rank, month of the latest
//! release and a version id, packed in one u64.

/// Unpacked form of an index value. Zero means "unknown" in every field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Packed {
    /// Download rank (1 = most downloaded); 0 when outside the ranked set.
    pub rank: u32,
    /// Months since 2000-01, plus one; 0 when unknown.
    pub month: u32,
    /// Line number (from 1) in the versions file; 0 when unknown.
    pub version: u32,
}

const RANK_BITS: u32 = 20;
const MONTH_BITS: u32 = 12;

impl Packed {
    pub fn encode(self) -> u64 {
        u64::from(self.rank.min((1 << RANK_BITS) - 1))
            | u64::from(self.month.min((1 << MONTH_BITS) - 1)) << RANK_BITS
            | u64::from(self.version) << (RANK_BITS + MONTH_BITS)
    }

    pub fn decode(value: u64) -> Packed {
        Packed {
            rank: (value & ((1 << RANK_BITS) - 1)) as u32,
            month: ((value >> RANK_BITS) & ((1 << MONTH_BITS) - 1)) as u32,
            version: (value >> (RANK_BITS + MONTH_BITS)) as u32,
        }
    }
}

/// `2024-09` -> months since 2000-01, plus one (0 for anything unreadable).
pub fn month_index(text: &str) -> u32 {
    let mut parts = text.trim().split('-');
    let year: u32 = parts.next().and_then(|y| y.parse().ok()).unwrap_or(0);
    let month: u32 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
    if !(2000..2200).contains(&year) || !(1..=12).contains(&month) {
        return 0;
    }
    (year - 2000) * 12 + month
}

/// The inverse of [`month_index`].
pub fn month_text(index: u32) -> Option<String> {
    if index == 0 {
        return None;
    }
    let m = index - 1;
    Some(format!("{:04}-{:02}", 2000 + m / 12, m % 12 + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let p = Packed {
            rank: 15000,
            month: month_index("2026-11"),
            version: 32000,
        };
        assert_eq!(Packed::decode(p.encode()), p);
        assert_eq!(
            month_text(month_index("2019-01")).as_deref(),
            Some("2019-01")
        );
        assert_eq!(month_index("soon"), 0);
    }
}
