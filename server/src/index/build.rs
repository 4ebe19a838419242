//! Building the compact index files from registry name lists.
//!
//! Input: the TSV lists described in docs/package-index.md (every Python
//! project with its latest version, month and download rank; the most
//! downloaded crates with their rank and version), or a PEP 691 project list.
//! Output, in one directory:
//!
//! | file | what |
//! |---|---|
//! | `pypi.fst` | fst map: PEP 503 name -> packed (rank, month, version id) |
//! | `pypi-versions.txt` | distinct version strings; line n is version id n+1 |
//! | `pypi-popular.fst` | fst set of the ranked names (the did-you-mean targets) |
//! | `crates.fst` | fst map: normalised crate name -> packed (rank, version id) |
//! | `crates-names.txt` | crate names as published, line n is rank n+1 |
//! | `crates-versions.txt` | distinct crate versions |
//! | `meta.txt` | `key = value` lines: source, snapshot month, counts |

use super::packed::{month_index, Packed};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Write};
use std::path::Path;

/// One project of a source list.
#[derive(Clone, Debug, Default)]
pub struct Entry {
    pub rank: u32,
    pub month: Option<String>,
    pub version: Option<String>,
}

/// Names (already normalised) -> what is known of them.
pub type Listing = BTreeMap<String, Entry>;

/// Read the Python TSV: `name, latest_version, month, rank` with a header line.
pub fn read_pypi_tsv(path: &Path) -> std::io::Result<Listing> {
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut out = Listing::new();
    for (n, line) in file.lines().enumerate() {
        let line = line?;
        if n == 0 && line.starts_with("name\t") {
            continue;
        }
        let mut cols = line.split('\t');
        let name = super::names::normalize_python(cols.next().unwrap_or(""));
        if name.is_empty() {
            continue;
        }
        let version = cols.next().filter(|v| !v.is_empty()).map(str::to_owned);
        let month = cols.next().filter(|v| !v.is_empty()).map(str::to_owned);
        let rank = cols.next().and_then(|r| r.trim().parse().ok()).unwrap_or(0);
        out.insert(
            name,
            Entry {
                rank,
                month,
                version,
            },
        );
    }
    Ok(out)
}

/// Read the crates TSV: `rank, name, rank_then, max_version` with a header.
/// Returns the listing (normalised names) and the names as published, by rank.
pub fn read_crates_tsv(path: &Path) -> std::io::Result<(Listing, Vec<String>)> {
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut rows: Vec<(u32, String, Option<String>)> = Vec::new();
    for (n, line) in file.lines().enumerate() {
        let line = line?;
        let cols: Vec<&str> = line.split('\t').collect();
        if n == 0 && cols.first() == Some(&"rank") {
            continue;
        }
        let (Some(rank), Some(name)) = (cols.first().and_then(|r| r.parse().ok()), cols.get(1))
        else {
            continue;
        };
        let version = cols.get(3).filter(|v| !v.is_empty()).map(|v| v.to_string());
        rows.push((rank, name.to_string(), version));
    }
    rows.sort_by_key(|r| r.0);
    let mut listing = Listing::new();
    let mut names = Vec::new();
    for (_, name, version) in rows {
        let key = super::names::normalize_crate(&name);
        if listing.contains_key(&key) {
            continue;
        }
        names.push(name);
        listing.insert(
            key,
            Entry {
                // Ranks are renumbered densely so that line n of the names file is rank n+1.
                rank: names.len() as u32,
                month: None,
                version,
            },
        );
    }
    Ok((listing, names))
}

/// Read a PEP 691 JSON project list (`{"projects": [{"name": ...}, ...]}`)
/// or a plain list of names, one a line. Names are PEP 503-normalised.
pub fn read_project_list(text: &str) -> Result<Vec<String>, String> {
    let trimmed = text.trim_start();
    let names: Vec<String> = if trimmed.starts_with('{') {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not a PEP 691 project list: {e}"))?;
        let projects = value
            .get("projects")
            .and_then(|p| p.as_array())
            .ok_or("not a PEP 691 project list: no `projects` array")?;
        projects
            .iter()
            .filter_map(|p| p.get("name").and_then(|n| n.as_str()))
            .map(super::names::normalize_python)
            .collect()
    } else {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(super::names::normalize_python)
            .collect()
    };
    if names.is_empty() {
        return Err("the project list names no projects".into());
    }
    Ok(names)
}

fn write_versions(
    dir: &Path,
    file: &str,
    listing: &Listing,
) -> std::io::Result<HashMap<String, u32>> {
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join(file))?);
    for entry in listing.values().filter(|e| e.rank > 0) {
        if let Some(v) = &entry.version {
            if !ids.contains_key(v) {
                ids.insert(v.clone(), ids.len() as u32 + 1);
                writeln!(out, "{v}")?;
            }
        }
    }
    out.flush()?;
    Ok(ids)
}

fn fst_error(e: fst::Error) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// Write the Python files of the index into `dir`.
pub fn write_pypi(dir: &Path, listing: &Listing) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let versions = write_versions(dir, "pypi-versions.txt", listing)?;
    let mut map = fst::MapBuilder::new(std::io::BufWriter::new(std::fs::File::create(
        dir.join("pypi.fst"),
    )?))
    .map_err(fst_error)?;
    let mut popular = fst::SetBuilder::new(std::io::BufWriter::new(std::fs::File::create(
        dir.join("pypi-popular.fst"),
    )?))
    .map_err(fst_error)?;
    for (name, entry) in listing {
        // Only ranked projects carry a value: unique values for all 886k names
        // would stop the fst from sharing suffixes and triple its size.
        let packed = if entry.rank > 0 {
            Packed {
                rank: entry.rank,
                month: entry.month.as_deref().map_or(0, month_index),
                version: entry.version.as_ref().map_or(0, |v| versions[v]),
            }
        } else {
            Packed::default()
        };
        map.insert(name, packed.encode()).map_err(fst_error)?;
        if entry.rank > 0 {
            popular.insert(name).map_err(fst_error)?;
        }
    }
    map.finish().map_err(fst_error)?;
    popular.finish().map_err(fst_error)?;
    Ok(())
}

/// Write the crate files of the index into `dir`.
pub fn write_crates(dir: &Path, listing: &Listing, names: &[String]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let versions = write_versions(dir, "crates-versions.txt", listing)?;
    let mut map = fst::MapBuilder::new(std::io::BufWriter::new(std::fs::File::create(
        dir.join("crates.fst"),
    )?))
    .map_err(fst_error)?;
    for (name, entry) in listing {
        let packed = Packed {
            rank: entry.rank,
            month: 0,
            version: entry.version.as_ref().map_or(0, |v| versions[v]),
        };
        map.insert(name, packed.encode()).map_err(fst_error)?;
    }
    map.finish().map_err(fst_error)?;
    std::fs::write(dir.join("crates-names.txt"), names.join("\n") + "\n")
}

/// Write `meta.txt`: what the index was built from.
pub fn write_meta(dir: &Path, pairs: &[(&str, String)]) -> std::io::Result<()> {
    let mut text = String::from("# suggestguard package index: what it was built from\n");
    for (k, v) in pairs {
        text.push_str(&format!("{k} = {v}\n"));
    }
    std::fs::write(dir.join("meta.txt"), text)
}

/// The latest month named in a listing (the snapshot's age).
pub fn newest_month(listing: &Listing) -> Option<String> {
    listing.values().filter_map(|e| e.month.clone()).max()
}

/// Build the full index from the TSV lists into `out`; returns a summary line.
pub fn build_from_tsv(pypi: &Path, crates: Option<&Path>, out: &Path) -> std::io::Result<String> {
    let listing = read_pypi_tsv(pypi)?;
    write_pypi(out, &listing)?;
    let mut meta = vec![
        ("source", "tsv".to_owned()),
        ("pypi_names", listing.len().to_string()),
        (
            "pypi_ranked",
            listing.values().filter(|e| e.rank > 0).count().to_string(),
        ),
        ("snapshot", newest_month(&listing).unwrap_or_default()),
    ];
    let mut summary = format!("{} Python projects", listing.len());
    if let Some(crates) = crates {
        let (clisting, names) = read_crates_tsv(crates)?;
        write_crates(out, &clisting, &names)?;
        meta.push(("crates_names", clisting.len().to_string()));
        summary.push_str(&format!(", {} crates", clisting.len()));
    }
    write_meta(out, &meta)?;
    Ok(summary)
}
