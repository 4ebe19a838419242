//! "Did you mean": the popular name a suspicious name imitates. Candidates
//! come from a symmetric-delete table over the popular names only (names
//! within two edits share a one-deletion key; a Levenshtein automaton over the
//! fst took milliseconds per query at distance two),
//! plus the tricks typosquatters use that edit distance misses or over-counts:
//! swapped letters, separators moved or dropped, words reordered, a
//! `python-`/`-rs` style affix added, and look-alike characters.

use super::names::Ecosystem;
use super::Registry;
use std::collections::HashMap;
use std::sync::OnceLock;

/// How a name imitates a popular one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Trick {
    /// Same letters, different separators (`python_dateutil`, `pythondateutil`).
    Separator,
    /// Look-alike characters (`0`/`o`, `1`/`l`, `rn`/`m`, Cyrillic letters).
    Homoglyph,
    /// Two neighbouring letters swapped (`reqeusts`).
    Transposition,
    /// Same words in another order (`utils-django` for `django-utils`).
    Order,
    /// The popular name with an ecosystem word added (`python-requests`, `tokio-rs`).
    Affix,
    /// One letter added, dropped or changed (`requets`, `requestss`).
    OneEdit,
    /// Two letters added, dropped or changed.
    TwoEdits,
}

impl Trick {
    pub fn describe(self) -> &'static str {
        match self {
            Trick::Separator => "differs only in separators",
            Trick::Homoglyph => "uses look-alike characters",
            Trick::Transposition => "has two letters swapped",
            Trick::Order => "has the same words in another order",
            Trick::Affix => "adds a prefix or suffix",
            Trick::OneEdit => "is one letter off",
            Trick::TwoEdits => "is two letters off",
        }
    }
}

/// A popular name that `query` resembles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NearMatch {
    /// Normalised name of the popular package.
    pub name: String,
    pub rank: u32,
    pub trick: Trick,
}

/// Side tables over the popular names, built once per registry.
#[derive(Default)]
pub struct Tables {
    /// Name without separators -> popular names.
    squashed: HashMap<String, Vec<String>>,
    /// Words sorted and joined -> popular names.
    sorted_words: HashMap<String, Vec<String>>,
    /// Every popular name and each of its one-letter deletions -> indexes into
    /// `names` (a symmetric-delete table: two names within two edits share a key).
    deletes: HashMap<String, Vec<u32>>,
    names: Vec<String>,
}

/// `name` and every string made by deleting one of its characters.
fn deletions(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out = vec![name.to_owned()];
    for i in 0..chars.len() {
        let d: String = chars[..i].iter().chain(&chars[i + 1..]).collect();
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

impl Tables {
    /// Popular names within `distance` (1 or 2) edits of `query`.
    fn within(&self, query: &str, distance: usize) -> Vec<&str> {
        let mut ids: Vec<u32> = Vec::new();
        for key in deletions(query) {
            if let Some(list) = self.deletes.get(&key) {
                ids.extend(list);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .map(|i| self.names[i as usize].as_str())
            .filter(|n| levenshtein(query, n) <= distance)
            .collect()
    }
}

impl Tables {
    fn build(registry: &Registry) -> Tables {
        let mut t = Tables::default();
        for name in registry.popular_names() {
            let id = t.names.len() as u32;
            for d in deletions(&name) {
                t.deletes.entry(d).or_default().push(id);
            }
            t.names.push(name.clone());
            t.squashed
                .entry(name.replace('-', ""))
                .or_default()
                .push(name.clone());
            if name.contains('-') {
                t.sorted_words
                    .entry(sorted_words(&name))
                    .or_default()
                    .push(name);
            }
        }
        t
    }
}

fn sorted_words(name: &str) -> String {
    let mut words: Vec<&str> = name.split('-').filter(|w| !w.is_empty()).collect();
    words.sort_unstable();
    words.join("-")
}

/// Words that typosquats add around a popular name.
fn affixes(eco: Ecosystem) -> (&'static [&'static str], &'static [&'static str]) {
    match eco {
        Ecosystem::PyPI => (
            &["python-", "python3-", "py-", "py3-", "pypi-", "pip-"],
            &["-python", "-python3", "-py", "-py3", "-pypi", "-lib"],
        ),
        Ecosystem::Crates => (
            &["rust-", "rs-", "lib-"],
            &["-rs", "-rust", "-lib", "-crate"],
        ),
    }
}

const HOMOGLYPHS: &[(&str, &str)] = &[
    ("0", "o"),
    ("1", "l"),
    ("1", "i"),
    ("l", "i"),
    ("i", "l"),
    ("rn", "m"),
    ("vv", "w"),
    ("cl", "d"),
    ("5", "s"),
];

/// Latin letters that Cyrillic and Greek ones imitate.
fn fold_confusable(c: char) -> char {
    match c {
        'а' | 'α' => 'a',
        'е' | 'ε' => 'e',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'с' => 'c',
        'х' | 'χ' => 'x',
        'у' | 'γ' => 'y',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ν' => 'v',
        'к' | 'κ' => 'k',
        'т' | 'τ' => 't',
        'н' => 'h',
        'м' => 'm',
        'в' | 'β' => 'b',
        _ => c,
    }
}

/// Every popular name `query` (normalised) resembles, with the trick; the
/// query itself is never returned. `max_edits` bounds plain edit distance (0–2).
pub fn candidates(
    registry: &Registry,
    tables: &Tables,
    eco: Ecosystem,
    query: &str,
    max_edits: u32,
) -> Vec<NearMatch> {
    let mut out: Vec<NearMatch> = Vec::new();
    let mut push = |name: &str, trick: Trick| {
        if name == query {
            return;
        }
        if let Some(rank) = registry.rank_any(name) {
            if let Some(prev) = out.iter_mut().find(|m| m.name == name) {
                prev.trick = prev.trick.min(trick);
            } else {
                out.push(NearMatch {
                    name: name.to_owned(),
                    rank,
                    trick,
                });
            }
        }
    };
    let chars: Vec<char> = query.chars().collect();

    // Look-alike characters, including non-Latin letters.
    let folded: String = chars.iter().map(|&c| fold_confusable(c)).collect();
    if folded != query && registry.is_popular(&folded) {
        push(&folded, Trick::Homoglyph);
    }
    for (from, to) in HOMOGLYPHS {
        for (at, _) in query.match_indices(from) {
            let variant = format!("{}{}{}", &query[..at], to, &query[at + from.len()..]);
            if registry.is_popular(&variant) {
                push(&variant, Trick::Homoglyph);
            }
        }
    }
    // Separators.
    if let Some(names) = tables.squashed.get(&query.replace('-', "")) {
        for n in names {
            push(n, Trick::Separator);
        }
    }
    // Word order.
    if query.contains('-') {
        if let Some(names) = tables.sorted_words.get(&sorted_words(query)) {
            for n in names {
                push(n, Trick::Order);
            }
        }
    }
    // Swapped neighbours.
    for i in 0..chars.len().saturating_sub(1) {
        if chars[i] != chars[i + 1] {
            let mut swapped = chars.clone();
            swapped.swap(i, i + 1);
            let swapped: String = swapped.into_iter().collect();
            if registry.is_popular(&swapped) {
                push(&swapped, Trick::Transposition);
            }
        }
    }
    // Ecosystem words added around a popular name (`python-requests`, `requestspy`).
    let (prefixes, suffixes) = affixes(eco);
    for p in prefixes {
        for bare in [p.to_string(), p.trim_end_matches('-').to_owned()] {
            if let Some(rest) = query.strip_prefix(bare.as_str()) {
                let rest = rest.trim_start_matches('-');
                if rest.len() >= 3 && registry.is_popular(rest) {
                    push(rest, Trick::Affix);
                }
            }
        }
    }
    for s in suffixes {
        for bare in [s.to_string(), s.trim_start_matches('-').to_owned()] {
            if let Some(rest) = query.strip_suffix(bare.as_str()) {
                let rest = rest.trim_end_matches('-');
                if rest.len() >= 3 && registry.is_popular(rest) {
                    push(rest, Trick::Affix);
                }
            }
        }
    }
    // Plain edits.
    if max_edits >= 1 {
        let distance = if max_edits >= 2 && chars.len() >= 8 {
            2
        } else {
            1
        };
        for name in tables.within(query, distance as usize) {
            let d = levenshtein(query, name);
            push(
                name,
                if d <= 1 {
                    Trick::OneEdit
                } else {
                    Trick::TwoEdits
                },
            );
        }
    }
    out.sort_by_key(|m| (m.trick, m.rank));
    out
}

/// The best popular match for `query`, building the side tables on first use.
pub fn nearest(
    registry: &Registry,
    eco: Ecosystem,
    query: &str,
    max_edits: u32,
) -> Option<NearMatch> {
    candidates(registry, registry.tables(), eco, query, max_edits)
        .into_iter()
        .next()
}

/// Plain Levenshtein distance (names are short).
pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Lazily built tables, stored beside the registry.
pub(crate) fn tables_cell() -> OnceLock<Tables> {
    OnceLock::new()
}

pub(crate) fn build_tables(registry: &Registry) -> Tables {
    Tables::build(registry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance() {
        assert_eq!(levenshtein("requests", "reqeusts"), 2);
        assert_eq!(levenshtein("requests", "requets"), 1);
        assert_eq!(levenshtein("", "abc"), 3);
    }

    #[test]
    fn word_order_key() {
        assert_eq!(sorted_words("utils-django"), sorted_words("django-utils"));
    }
}
