//! Manifest readers: which packages a project declares, with the byte range of
//! each entry's name so that findings land on the entry's line. One module per
//! format; all of them produce [`Manifest`].

pub mod cargo;
pub mod python;
pub mod requirements;
pub mod toml_scan;

use super::names::Ecosystem;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

/// The manifest formats understood.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Requirements,
    Pyproject,
    SetupCfg,
    Pipfile,
    Cargo,
}

impl Kind {
    /// The format of a file, from its name.
    pub fn of(path: &Path) -> Option<Kind> {
        let name = path.file_name()?.to_str()?;
        match name {
            "pyproject.toml" => Some(Kind::Pyproject),
            "setup.cfg" => Some(Kind::SetupCfg),
            "Pipfile" => Some(Kind::Pipfile),
            "Cargo.toml" => Some(Kind::Cargo),
            _ if is_requirements_name(name) => Some(Kind::Requirements),
            _ => None,
        }
    }

    pub fn ecosystem(self) -> Ecosystem {
        match self {
            Kind::Cargo => Ecosystem::Crates,
            _ => Ecosystem::PyPI,
        }
    }
}

/// `requirements.txt`, `requirements-dev.txt`, `dev-requirements.txt`,
/// `requirements/base.txt` style names (`.in` files of pip-tools too).
pub fn is_requirements_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower.ends_with(".txt") || lower.ends_with(".in")) && lower.contains("requirements")
}

/// One declared dependency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    /// The registry name as written (after a Cargo `package = ...` rename).
    pub name: String,
    /// Normalised for its ecosystem.
    pub normalized: String,
    /// Cargo: the name the code uses when it differs (`key` of a renamed entry).
    pub alias: Option<String>,
    /// Where the name is written; findings are reported here.
    pub range: Range<usize>,
    /// False for entries not fetched from the registry by name (paths, git,
    /// URLs, workspace inheritance, other registries): they are declared but
    /// not judged.
    pub from_registry: bool,
}

/// Where an "add this dependency" edit goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InsertPoint {
    /// Append a line at this offset (requirements files; end of a TOML table).
    Line(usize),
    /// Inside a TOML array before `]`: offset, whether it has items, whether it spans lines.
    Array {
        close: usize,
        has_items: bool,
        multiline: bool,
        indent: String,
    },
    /// No place yet: append this table header and the entry at the end.
    NewTable(String),
}

/// What one manifest file says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub kind: Kind,
    pub path: Option<PathBuf>,
    pub dependencies: Vec<Dependency>,
    /// Other requirement files included with `-r`/`-c` (resolved against the file).
    pub includes: Vec<PathBuf>,
    /// The project's own name (`[package] name`, `[project] name`).
    pub package_name: Option<String>,
    /// Cargo: `[lib] name`.
    pub lib_name: Option<String>,
    /// Cargo: `[workspace] members` patterns.
    pub workspace_members: Vec<String>,
    /// Where a new dependency line is added.
    pub insert: Option<InsertPoint>,
    /// Pyproject: dependencies are written Poetry's way (`name = "^1.0"`).
    pub poetry: bool,
}

impl Manifest {
    fn new(kind: Kind, path: Option<&Path>) -> Manifest {
        Manifest {
            kind,
            path: path.map(Path::to_path_buf),
            dependencies: Vec::new(),
            includes: Vec::new(),
            package_name: None,
            lib_name: None,
            workspace_members: Vec::new(),
            insert: None,
            poetry: false,
        }
    }

    /// Does this manifest declare the normalised name (or Cargo alias)?
    pub fn declares(&self, normalized: &str) -> bool {
        let eco = self.kind.ecosystem();
        self.dependencies.iter().any(|d| {
            d.normalized == normalized
                || d.alias
                    .as_deref()
                    .is_some_and(|a| eco.normalize(a) == normalized)
        })
    }

    /// The text of a dependency line to add, for this manifest's format.
    pub fn entry_text(&self, name: &str, version: Option<&str>) -> String {
        match (self.kind, version) {
            (Kind::Requirements, Some(v)) => format!("{name}=={v}"),
            (Kind::Requirements, None) => name.to_owned(),
            (Kind::Pyproject, v) if self.poetry => {
                format!(
                    "{name} = \"{}\"",
                    v.map_or("*".to_owned(), |v| format!("^{v}"))
                )
            }
            (Kind::Pyproject, Some(v)) => format!("\"{name}>={v}\""),
            (Kind::Pyproject, None) => format!("\"{name}\""),
            (Kind::Pipfile, v) => format!(
                "{name} = \"{}\"",
                v.map_or("*".to_owned(), |v| format!(">={v}"))
            ),
            (Kind::Cargo, v) => format!("{name} = \"{}\"", v.unwrap_or("*")),
            (Kind::SetupCfg, Some(v)) => format!("{name}>={v}"),
            (Kind::SetupCfg, None) => name.to_owned(),
        }
    }

    /// The edit that adds `name` (at `version`) to this manifest, as
    /// (offset range, new text) in the manifest's own text.
    pub fn add_edit(
        &self,
        text: &str,
        name: &str,
        version: Option<&str>,
    ) -> Option<(Range<usize>, String)> {
        let entry = self.entry_text(name, version);
        match self.insert.as_ref()? {
            InsertPoint::Line(at) => {
                let at = (*at).min(text.len());
                let needs_newline = at > 0 && !text[..at].ends_with('\n');
                let prefix = if needs_newline { "\n" } else { "" };
                Some((at..at, format!("{prefix}{entry}\n")))
            }
            InsertPoint::Array {
                close,
                has_items,
                multiline,
                indent,
            } => {
                let close = *close;
                if *multiline {
                    // Insert a line of its own before the line holding `]`.
                    let line_start = crate::text::line_start(text.as_bytes(), close);
                    if text[line_start..close].trim().is_empty() {
                        let before = text[..line_start].trim_end();
                        let comma =
                            if *has_items && !before.ends_with(',') && !before.ends_with('[') {
                                // A last item without trailing comma: add one after it.
                                return Some((
                                    before.len()..line_start,
                                    format!(",\n{indent}{entry},\n"),
                                ));
                            } else {
                                ""
                            };
                        return Some((
                            line_start..line_start,
                            format!("{comma}{indent}{entry},\n"),
                        ));
                    }
                }
                let before = text[..close].trim_end();
                let sep = if *has_items && !before.ends_with(',') {
                    ", "
                } else if *has_items {
                    " "
                } else {
                    ""
                };
                Some((close..close, format!("{sep}{entry}")))
            }
            InsertPoint::NewTable(header) => {
                let sep = if text.is_empty() || text.ends_with("\n\n") {
                    ""
                } else if text.ends_with('\n') {
                    "\n"
                } else {
                    "\n\n"
                };
                Some((text.len()..text.len(), format!("{sep}{header}\n{entry}\n")))
            }
        }
    }
}

/// Read a manifest of the given kind.
pub fn parse(kind: Kind, text: &str, path: Option<&Path>) -> Manifest {
    let mut m = Manifest::new(kind, path);
    match kind {
        Kind::Requirements => requirements::read(text, path, &mut m),
        Kind::Pyproject => python::read_pyproject(text, &mut m),
        Kind::SetupCfg => python::read_setup_cfg(text, &mut m),
        Kind::Pipfile => python::read_pipfile(text, &mut m),
        Kind::Cargo => cargo::read(text, &mut m),
    }
    m
}

type CacheEntry = (Option<SystemTime>, u64, Arc<Manifest>);

/// A manifest read from disk, cached by path and modification time so an
/// edit elsewhere does not re-read it.
pub fn load(path: &Path) -> Option<Arc<Manifest>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, CacheEntry>>> = OnceLock::new();
    let kind = Kind::of(path)?;
    let meta = std::fs::metadata(path).ok()?;
    let stamp = (meta.modified().ok(), meta.len());
    let cache = CACHE.get_or_init(Default::default);
    if let Some((m, len, manifest)) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(path) {
        if (*m, *len) == stamp {
            return Some(manifest.clone());
        }
    }
    let text = std::fs::read_to_string(path).ok()?;
    let manifest = Arc::new(parse(kind, &text, Some(path)));
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(path.to_path_buf(), (stamp.0, stamp.1, manifest.clone()));
    Some(manifest)
}

/// A PEP 508 requirement's name inside `s` (`requests[socks]>=2; python_version>"3"`):
/// the byte range of the name within `s`, and whether it is a direct URL reference.
pub fn pep508_name(s: &str) -> Option<(Range<usize>, bool)> {
    let start = s.len() - s.trim_start().len();
    let rest = &s[start..];
    let len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        .count();
    if len == 0 {
        return None;
    }
    let name = &rest[..len];
    if !super::names::is_valid_name(name) {
        return None;
    }
    let after = rest[len..].trim_start();
    let after = if after.starts_with('[') {
        after.find(']').map_or("", |i| &after[i + 1..]).trim_start()
    } else {
        after
    };
    // Something that is not a requirement at all (a path, an option).
    if after.starts_with(['/', ':', '\\']) {
        return None;
    }
    Some((start..start + len, after.starts_with('@')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_names() {
        assert_eq!(
            Kind::of(Path::new("a/requirements-dev.txt")),
            Some(Kind::Requirements)
        );
        assert_eq!(Kind::of(Path::new("Cargo.toml")), Some(Kind::Cargo));
        assert_eq!(Kind::of(Path::new("notes.txt")), None);
    }

    #[test]
    fn pep508() {
        let (r, url) = pep508_name("  requests[socks]>=2 ; python_version>'3'").unwrap();
        assert_eq!(r, 2..10);
        assert!(!url);
        assert!(
            pep508_name("pkg @ https://example.invalid/p.whl")
                .unwrap()
                .1
        );
        assert!(pep508_name("./local/path").is_none());
    }
}
