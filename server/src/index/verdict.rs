//! What a package name is: known-malicious, non-existent (possibly
//! hallucinated), a typosquat of a popular name, or fine. Precision first: a
//! real package that is merely unpopular is fine unless it is a near-copy of a
//! much more popular name.

use super::fuzzy::{self, NearMatch, Trick};
use super::malicious::{Advisory, MaliciousDb};
use super::names::{tokens, Ecosystem};
use super::{cargo_cache, PackageIndex, PackageInfo};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The verdict on one name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Listed in the known-malicious data.
    Malicious(Advisory),
    /// Python: not on the index at all.
    Missing { suggestion: Option<NearMatch> },
    /// Crates: in neither the bundled list of popular crates nor cargo's
    /// cache, and the name looks made up (a near-copy of a popular crate, or
    /// assembled from common words the way invented names are).
    UnknownCrate { suggestion: Option<NearMatch> },
    /// Exists, but imitates a much more popular name and is itself obscure.
    Typosquat {
        info: PackageInfo,
        target: NearMatch,
    },
    /// Exists (or cannot be judged without the network): nothing to say.
    Fine(Option<PackageInfo>),
}

/// Python: only names at least this popular are typosquatting targets.
pub const PYPI_TARGET_RANK: u32 = 5_000;

/// One-letter differences only count against the very most popular names:
/// lower down, real projects are one letter apart all the time.
const ONE_EDIT_TARGET_RANK: u32 = 1_000;

/// Tricks strong enough to call an existing, obscure package a typosquat.
fn squat_trick(query: &str, m: &NearMatch) -> bool {
    match m.trick {
        Trick::TwoEdits => false,
        Trick::OneEdit => {
            // Short names are one edit from many others; a trailing digit is
            // how real forks and major versions are named.
            query.len() >= 6
                && m.rank <= ONE_EDIT_TARGET_RANK
                && !differs_by_trailing_digit(query, &m.name)
        }
        // `pylap` and `colourlib` are ordinary names; `python-requests` is not.
        Trick::Affix => {
            query.as_bytes().get(m.name.len()).is_some()
                && (query.contains(&format!("{}-", m.name))
                    || query.contains(&format!("-{}", m.name))
                    || m.name.len() >= 6)
        }
        _ => query.len() >= 4,
    }
}

fn differs_by_trailing_digit(a: &str, b: &str) -> bool {
    let (long, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
    long.starts_with(short)
        && long[short.len()..]
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-')
        || (a.len() == b.len()
            && a[..a.len() - 1] == b[..b.len() - 1]
            && a.ends_with(|c: char| c.is_ascii_digit())
            && b.ends_with(|c: char| c.is_ascii_digit()))
}

/// Judge a normalised name.
pub fn judge(index: &PackageIndex, eco: Ecosystem, normalized: &str) -> Verdict {
    judge_with(index, MaliciousDb::global(), eco, normalized)
}

pub fn judge_with(
    index: &PackageIndex,
    bad: &MaliciousDb,
    eco: Ecosystem,
    normalized: &str,
) -> Verdict {
    if let Some(adv) = bad.get(eco, normalized) {
        return Verdict::Malicious(adv.clone());
    }
    match eco {
        Ecosystem::PyPI => judge_python(index, normalized),
        Ecosystem::Crates => judge_crate(index, normalized),
    }
}

fn judge_python(index: &PackageIndex, n: &str) -> Verdict {
    let reg = &index.pypi;
    match reg.get(n) {
        Some(info) if info.rank.is_some() => Verdict::Fine(Some(info)),
        Some(info) => {
            let target = fuzzy::candidates(reg, reg.tables(), Ecosystem::PyPI, n, 1)
                .into_iter()
                .filter(|m| m.rank <= PYPI_TARGET_RANK)
                .find(|m| squat_trick(n, m));
            match target {
                Some(target) => Verdict::Typosquat { info, target },
                None => Verdict::Fine(Some(info)),
            }
        }
        None => Verdict::Missing {
            suggestion: fuzzy::nearest(reg, Ecosystem::PyPI, n, 2),
        },
    }
}

fn judge_crate(index: &PackageIndex, n: &str) -> Verdict {
    let Some(reg) = index.crates.as_ref() else {
        return Verdict::Fine(None);
    };
    // Every crate of the bundled list is among the 20,000 most downloaded:
    // real and used, even when its name resembles a bigger one (`hypher`,
    // `bitcode`), so none is called a typosquat.
    if let Some(info) = reg.get(n) {
        return Verdict::Fine(Some(info));
    }
    if cargo_cache::known_crates().contains(n) {
        return Verdict::Fine(None);
    }
    let suggestion = fuzzy::nearest(reg, Ecosystem::Crates, n, 2);
    let near = suggestion
        .as_ref()
        .is_some_and(|m| m.trick != Trick::TwoEdits || n.len() >= 10);
    if near || looks_invented(reg, n) {
        Verdict::UnknownCrate { suggestion }
    } else {
        Verdict::Fine(None)
    }
}

/// Words used by at least this many popular crate names count as common.
const COMMON_WORD_USES: usize = 3;

/// How many popular crate names use each word.
fn word_counts(reg: &super::Registry) -> &'static HashMap<String, usize> {
    static COUNTS: OnceLock<HashMap<String, usize>> = OnceLock::new();
    COUNTS.get_or_init(|| {
        let mut counts = HashMap::new();
        for name in reg.popular_names() {
            for t in tokens(&name) {
                *counts.entry(t.to_owned()).or_insert(0) += 1;
            }
        }
        counts
    })
}

/// Invented names are built from the words of popular names: several words,
/// each common (`rust-crypto-utils`, `tokio-async-helper`), or a popular
/// name plus a generic word. Real obscure crates usually carry a word of their
/// own (a brand, an abbreviation), which this does not match.
pub fn looks_invented(reg: &super::Registry, n: &str) -> bool {
    let words = tokens(n);
    if words.len() < 2 {
        return false;
    }
    let counts = word_counts(reg);
    words
        .iter()
        .all(|w| w.len() >= 2 && counts.get(*w).copied().unwrap_or(0) >= COMMON_WORD_USES)
}

/// The verdict on a name the local index does not know but the registry,
/// asked online, has: a real package, unless its name imitates a popular one
/// the way typosquats do (it is then new, or obscure, and that is the risk).
pub fn confirmed_existing(index: &PackageIndex, eco: Ecosystem, normalized: &str) -> Verdict {
    let Some(reg) = index.registry(eco) else {
        return Verdict::Fine(None);
    };
    let target = fuzzy::candidates(reg, reg.tables(), eco, normalized, 1)
        .into_iter()
        .filter(|m| m.rank <= PYPI_TARGET_RANK)
        .find(|m| squat_trick(normalized, m));
    match target {
        Some(target) => Verdict::Typosquat {
            info: PackageInfo {
                name: normalized.to_owned(),
                rank: None,
                month: None,
                version: None,
            },
            target,
        },
        None => Verdict::Fine(None),
    }
}

/// The verdict on a name the registry, asked online, says it does not have.
pub fn confirmed_missing(index: &PackageIndex, eco: Ecosystem, normalized: &str) -> Verdict {
    let suggestion = index
        .registry(eco)
        .and_then(|reg| fuzzy::nearest(reg, eco, normalized, 2));
    match eco {
        Ecosystem::PyPI => Verdict::Missing { suggestion },
        Ecosystem::Crates => Verdict::UnknownCrate { suggestion },
    }
}
