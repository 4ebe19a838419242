//! Package checks: imports and manifest entries naming packages that do not
//! exist (possibly hallucinated), imitate popular ones (typosquats), are known
//! to be malicious, or are not declared in the project's manifest (phantom
//! dependencies). Verdicts come from `index::verdict`; this module finds the
//! project around a file, decides what to judge, and writes the findings.

use super::imports::{self, RustRefKind};
use super::Source;
use crate::config::Config;
use crate::finding::{Finding, Fix, Severity, TextEdit};
use crate::index::fuzzy::NearMatch;
use crate::index::manifests::{self, Kind, Manifest};
use crate::index::names::{crate_ident, normalize_crate, normalize_python, Ecosystem};
use crate::index::online::{Answer, OnlineCache, Query};
use crate::index::stamp::StampCache;
use crate::index::verdict::{self, Verdict};
use crate::index::{cargo_cache, env as pyenv, stdlib, PackageIndex};
use crate::lang::Language;
use crate::rules::RuleSet;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, OnceLock};

pub const HALLUCINATED: &str = "pkg-hallucinated";
pub const TYPOSQUAT: &str = "pkg-typosquat";
pub const UNDECLARED: &str = "pkg-undeclared";
pub const MALICIOUS: &str = "pkg-malicious";

/// All package findings for `source`. With `onlinePackageChecks` on, names
/// the local index does not know are looked up in the process's
/// [`OnlineCache`]; unanswered ones are left there for a runner to ask about.
pub fn check(source: &Source, rules: &RuleSet, config: &Config) -> Vec<Finding> {
    if rules.get(HALLUCINATED).is_none() {
        return Vec::new(); // package rules removed by the user's rule set
    }
    let online = Online {
        cache: config.online_package_checks.then(OnlineCache::global),
        path: source.path,
    };
    check_with(PackageIndex::global(), rules, source, &online)
}

/// [`check`] with an explicit answer cache (`None`: offline).
pub fn check_with(
    index: &PackageIndex,
    rules: &RuleSet,
    source: &Source,
    online: &Online,
) -> Vec<Finding> {
    match source.language {
        Language::Text => match source.path.and_then(Kind::of) {
            Some(kind) => check_manifest(index, rules, source.text, kind, source.path, online),
            None => Vec::new(),
        },
        Language::Python => source
            .tree
            .map(|t| check_python(index, rules, t, source.text, source.path, online))
            .unwrap_or_default(),
        Language::Rust => source
            .tree
            .map(|t| check_rust(index, rules, t, source.text, source.path, online))
            .unwrap_or_default(),
    }
}

/// Online confirmation for one analysis: the answers known so far, and the
/// file that waits for the others.
pub struct Online<'a> {
    pub cache: Option<&'a OnlineCache>,
    pub path: Option<&'a Path>,
}

/// What the registry said about a name, when it was asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirmation {
    /// Not asked, or no answer yet: the verdict is the local index's.
    Local,
    /// The registry has the name.
    Exists,
    /// The registry answered, and has no such name.
    Missing,
}

/// The verdict on `n`, confirmed online when the local index cannot tell:
/// names it calls missing, and crates it does not know.
fn confirm(
    index: &PackageIndex,
    eco: Ecosystem,
    n: &str,
    verdict: Verdict,
    online: &Online,
) -> (Verdict, Confirmation) {
    let unknown = match &verdict {
        Verdict::Missing { .. } | Verdict::UnknownCrate { .. } => true,
        Verdict::Fine(None) => eco == Ecosystem::Crates && !cargo_cache::known_crates().contains(n),
        _ => false,
    };
    let Some(cache) = online.cache.filter(|_| unknown) else {
        return (verdict, Confirmation::Local);
    };
    let query = Query {
        ecosystem: eco,
        name: n.to_owned(),
    };
    match cache.ask(&query, online.path) {
        Some(Answer::Exists) => (
            verdict::confirmed_existing(index, eco, n),
            Confirmation::Exists,
        ),
        Some(Answer::Missing) => {
            let verdict = match verdict {
                Verdict::Fine(_) => verdict::confirmed_missing(index, eco, n),
                v => v,
            };
            (verdict, Confirmation::Missing)
        }
        Some(Answer::Unknown) | None => (verdict, Confirmation::Local),
    }
}

fn finding(
    rules: &RuleSet,
    id: &str,
    range: Range<usize>,
    message: String,
    fix: Option<Fix>,
) -> Option<Finding> {
    let rule = rules.get(id)?;
    Some(Finding {
        rule_id: id.to_owned(),
        range,
        severity: rule.severity,
        cwe: rule.cwe.clone(),
        message,
        fix,
        related: Vec::new(),
    })
}

/// The published spelling of a did-you-mean target.
fn display_name(index: &PackageIndex, eco: Ecosystem, m: &NearMatch) -> String {
    index
        .registry(eco)
        .and_then(|r| r.get(&m.name))
        .map_or_else(|| m.name.clone(), |i| i.name)
}

fn replace_fix(range: Range<usize>, with: &str) -> Fix {
    Fix {
        title: format!("Replace with `{with}`"),
        edits: vec![TextEdit {
            range,
            new_text: with.to_owned(),
        }],
        file: None,
    }
}

/// The finding for a verdict on `name` written at `range`; `replacement`
/// turns the did-you-mean target into the text that replaces `range`.
fn verdict_finding(
    index: &PackageIndex,
    rules: &RuleSet,
    eco: Ecosystem,
    name: &str,
    range: Range<usize>,
    (verdict, confirmed): (&Verdict, Confirmation),
    replacement: &dyn Fn(&str) -> String,
) -> Option<Finding> {
    let tool = match eco {
        Ecosystem::PyPI => "pip",
        Ecosystem::Crates => "cargo",
    };
    let suggest = |m: &Option<NearMatch>| {
        m.as_ref().map(|m| {
            let target = display_name(index, eco, m);
            (
                format!(
                    " Did you mean `{target}`, a popular {} (this name {})?",
                    eco.label(),
                    m.trick.describe()
                ),
                replace_fix(range.clone(), &replacement(&target)),
            )
        })
    };
    match verdict {
        Verdict::Malicious(adv) => {
            let why = if adv.summary.is_empty() {
                String::new()
            } else {
                format!(": {}", adv.summary)
            };
            finding(
                rules,
                MALICIOUS,
                range.clone(),
                format!("`{name}` is a known-malicious {} ({}{why}); remove it and rotate credentials this machine could reach.", eco.label(), adv.id),
                None,
            )
        }
        Verdict::Missing { suggestion } => {
            let (hint, fix) = suggest(suggestion).unzip();
            let checked = if confirmed == Confirmation::Missing {
                format!(" (confirmed by asking {tool})")
            } else {
                String::new()
            };
            finding(
                rules,
                HALLUCINATED,
                range.clone(),
                format!(
                    "`{name}` does not exist on the Python package index{checked}: the name may be hallucinated, and anyone can register it with malicious code (slopsquatting).{}",
                    hint.unwrap_or_default()
                ),
                fix,
            )
        }
        Verdict::UnknownCrate { suggestion } if confirmed == Confirmation::Missing => {
            let (hint, fix) = suggest(suggestion).unzip();
            finding(
                rules,
                HALLUCINATED,
                range.clone(),
                format!(
                    "`{name}` does not exist on the crate registry (confirmed by asking {tool}): the name may be hallucinated, and anyone can register it with malicious code (slopsquatting).{}",
                    hint.unwrap_or_default()
                ),
                fix,
            )
        }
        Verdict::UnknownCrate { suggestion } => {
            let count = index.crates.as_ref().map_or(0, |c| c.len());
            let (hint, fix) = suggest(suggestion).unzip();
            let why = if suggestion.is_some() {
                "its name is a near-copy of a popular crate"
            } else {
                "its name is assembled from common words the way invented names are"
            };
            let mut f = finding(
                rules,
                HALLUCINATED,
                range.clone(),
                format!(
                    "`{name}` is not among the {count} most downloaded crates nor known to cargo on this machine, and {why}: it may be hallucinated, and anyone can register it (slopsquatting).{}",
                    hint.unwrap_or_default()
                ),
                fix,
            )?;
            // Outside the bundled list existence cannot be ruled out offline.
            f.severity = Severity::Warning;
            Some(f)
        }
        Verdict::Typosquat { info, target } => {
            let shown = display_name(index, eco, target);
            let when = info
                .month
                .as_deref()
                .map(|m| format!(", latest release {m}"))
                .unwrap_or_default();
            let rank = match info.rank {
                Some(r) => format!("ranked #{r}"),
                None => "not among the most downloaded".to_owned(),
            };
            finding(
                rules,
                TYPOSQUAT,
                range.clone(),
                format!(
                    "`{name}` exists but, compared with the popular `{shown}` (#{} by downloads), {}, and it is itself obscure ({rank}{when}): possibly a typosquat. Did you mean `{shown}`?",
                    target.rank,
                    target.trick.describe(),
                ),
                Some(replace_fix(range.clone(), &replacement(&shown))),
            )
        }
        Verdict::Fine(_) => None,
    }
}

// ---------------------------------------------------------------- manifests

fn check_manifest(
    index: &PackageIndex,
    rules: &RuleSet,
    text: &str,
    kind: Kind,
    path: Option<&Path>,
    online: &Online,
) -> Vec<Finding> {
    let manifest = manifests::parse(kind, text, path);
    let eco = kind.ecosystem();
    let own = manifest.package_name.as_deref().map(|n| eco.normalize(n));
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for dep in &manifest.dependencies {
        if !dep.from_registry
            || own.as_deref() == Some(dep.normalized.as_str())
            || !seen.insert(dep.range.start)
        {
            continue;
        }
        let verdict = verdict::judge(index, eco, &dep.normalized);
        let (verdict, confirmed) = confirm(index, eco, &dep.normalized, verdict, online);
        let keep_case = |t: &str| t.to_owned();
        let mut f = verdict_finding(
            index,
            rules,
            eco,
            &dep.name,
            dep.range.clone(),
            (&verdict, confirmed),
            &keep_case,
        );
        // Renaming to a name the manifest already declares would duplicate it.
        if let Some(f) = f.as_mut() {
            let duplicate = f.fix.as_ref().is_some_and(|fix| {
                fix.edits
                    .iter()
                    .any(|e| manifest.declares(&eco.normalize(&e.new_text)))
            });
            if duplicate {
                f.fix = None;
            }
        }
        out.extend(f);
    }
    out
}

// ---------------------------------------------------------------- projects

/// Python manifest file names looked for in a project root.
const PY_MANIFESTS: [&str; 4] = ["pyproject.toml", "setup.cfg", "Pipfile", "requirements.txt"];

/// The Python project around a file: its root, manifests and local modules.
pub struct PyProject {
    pub root: Option<PathBuf>,
    pub manifests: Vec<Arc<Manifest>>,
    /// True when a manifest lists dependencies, so undeclared imports can be told.
    pub declares: bool,
    /// A `setup.py` we cannot read declares dependencies too: stay quiet then.
    pub opaque: bool,
    pub local: HashSet<String>,
}

fn dir_has_manifest(dir: &Path) -> bool {
    PY_MANIFESTS.iter().any(|m| dir.join(m).is_file())
        || dir.join("setup.py").is_file()
        || requirement_files(dir).next().is_some()
}

fn requirement_files(dir: &Path) -> impl Iterator<Item = PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(manifests::is_requirements_name)
        })
        .collect();
    let sub = dir.join("requirements");
    if sub.is_dir() {
        files.extend(
            std::fs::read_dir(sub)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "in")),
        );
    }
    files.sort();
    files.into_iter()
}

/// Walk up from `start` to the first directory holding a manifest or `.git`.
fn find_root(start: &Path, has: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        if has(d) {
            return Some(d.to_path_buf());
        }
        if d.join(".git").exists() {
            return None;
        }
        dir = d.parent();
    }
    None
}

/// Module names defined by the files of a directory (`x.py`, `x/`, `x.so`).
fn module_names(dir: &Path, out: &mut HashSet<String>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            out.insert(name);
        } else if let Some(stem) = name
            .strip_suffix(".py")
            .or_else(|| name.strip_suffix(".pyi"))
            .or_else(|| {
                name.split('.')
                    .next()
                    .filter(|_| name.ends_with(".so") || name.ends_with(".pyd"))
            })
        {
            out.insert(stem.to_owned());
        }
    }
}

/// The Python project around `file`, re-read only when one of the files or
/// directories it was read from changes.
pub fn python_project(file: Option<&Path>) -> Arc<PyProject> {
    static CACHE: LazyLock<StampCache<Option<PathBuf>, PyProject>> =
        LazyLock::new(StampCache::default);
    let key = file.and_then(Path::parent).map(Path::to_path_buf);
    CACHE.get_or_load(&key, || {
        let project = read_python_project(file);
        let mut watched: Vec<PathBuf> = ancestors(file);
        if let Some(root) = &project.root {
            watched.push(root.join("src"));
        }
        watched.extend(project.manifests.iter().filter_map(|m| m.path.clone()));
        (project, watched)
    })
}

/// The directories above `file`, nearest first: adding or removing a
/// manifest or module anywhere up there changes their modification time.
fn ancestors(file: Option<&Path>) -> Vec<PathBuf> {
    let Some(dir) = file.and_then(Path::parent) else {
        return Vec::new();
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    dir.ancestors().map(Path::to_path_buf).collect()
}

fn read_python_project(file: Option<&Path>) -> PyProject {
    let dir = file
        .and_then(Path::parent)
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .or_else(|| file.map(|_| PathBuf::from(".")));
    let mut local = HashSet::new();
    let Some(dir) = dir else {
        return PyProject {
            root: None,
            manifests: Vec::new(),
            declares: false,
            opaque: false,
            local,
        };
    };
    module_names(&dir, &mut local);
    let root = find_root(&dir, dir_has_manifest);
    let mut manifests = Vec::new();
    let mut opaque = false;
    if let Some(root) = &root {
        module_names(root, &mut local);
        let src = root.join("src");
        if src.is_dir() {
            module_names(&src, &mut local);
        }
        let mut files: Vec<PathBuf> = PY_MANIFESTS[..3]
            .iter()
            .map(|m| root.join(m))
            .filter(|p| p.is_file())
            .collect();
        files.extend(requirement_files(root));
        let mut queue = files;
        let mut seen = HashSet::new();
        while let Some(p) = queue.pop() {
            if !seen.insert(p.clone()) {
                continue;
            }
            if let Some(m) = manifests::load(&p) {
                queue.extend(m.includes.iter().filter(|i| i.is_file()).cloned());
                manifests.push(m);
            }
        }
        opaque = root.join("setup.py").is_file();
    }
    for m in &manifests {
        if let Some(n) = &m.package_name {
            local.insert(n.replace('-', "_"));
        }
    }
    let declares = manifests.iter().any(|m| {
        !m.dependencies.is_empty()
            || matches!(m.kind, Kind::Requirements | Kind::Pipfile)
            || matches!(m.insert, Some(manifests::InsertPoint::Array { .. }))
    });
    if declares {
        opaque = false;
    }
    PyProject {
        root,
        manifests,
        declares,
        opaque,
        local,
    }
}

/// Import name -> distributions, and distribution -> import name.
type ImportMap = (HashMap<String, Vec<String>>, HashMap<String, String>);

/// Bundled `import name -> distribution` pairs.
fn import_map() -> &'static ImportMap {
    static MAP: OnceLock<ImportMap> = OnceLock::new();
    MAP.get_or_init(|| {
        let text = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/python-import-to-dist.txt"
        ));
        let mut forward: HashMap<String, Vec<String>> = HashMap::new();
        let mut back = HashMap::new();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            if let Some((module, dist)) = line.split_once(':') {
                let dist = normalize_python(dist);
                forward
                    .entry(module.trim().to_owned())
                    .or_default()
                    .push(dist.clone());
                back.entry(dist).or_insert_with(|| module.trim().to_owned());
            }
        }
        (forward, back)
    })
}

/// The import name a distribution is used by (`scikit-learn` -> `sklearn`).
fn import_name_of(dist: &str) -> String {
    import_map()
        .1
        .get(&normalize_python(dist))
        .cloned()
        .unwrap_or_else(|| dist.replace(['-', '.'], "_"))
}

/// Distribution names that may provide `module` (a dotted path).
fn candidate_dists(module: &str, env: &pyenv::PythonEnv) -> Vec<String> {
    let top = module.split('.').next().unwrap_or(module);
    let mut out: Vec<String> = env.dists_for(top).to_vec();
    if let Some(d) = import_map().0.get(top) {
        out.extend(d.iter().cloned());
    }
    // Namespace packages: `google.cloud.storage` -> google-cloud-storage, google-cloud.
    let parts: Vec<&str> = module.split('.').collect();
    for n in (2..=parts.len()).rev() {
        out.push(normalize_python(&parts[..n].join("-")));
    }
    out.push(normalize_python(top));
    out.dedup();
    out
}

fn declared_python(project: &PyProject, module: &str, candidates: &[String]) -> bool {
    let top = normalize_python(module.split('.').next().unwrap_or(module));
    project.manifests.iter().any(|m| {
        m.dependencies.iter().any(|d| {
            let n = d.normalized.as_str();
            candidates.iter().any(|c| c == n)
                || n.strip_prefix(&top)
                    .is_some_and(|rest| rest.starts_with('-'))
                || ["python-", "py", "django-", "flask-"]
                    .iter()
                    .any(|p| n.strip_prefix(p) == Some(top.as_str()))
                || ["-python", "-py", "-binary", "-client"]
                    .iter()
                    .any(|s| n.strip_suffix(s) == Some(top.as_str()))
        })
    })
}

/// The manifest a new Python dependency goes into.
fn python_target(project: &PyProject) -> Option<&Arc<Manifest>> {
    let rank = |m: &Manifest| match m.kind {
        Kind::Pyproject if m.insert.is_some() => 0,
        Kind::Requirements
            if m.path
                .as_ref()
                .and_then(|p| p.file_name())
                .is_some_and(|n| n == "requirements.txt") =>
        {
            1
        }
        Kind::Requirements => 2,
        Kind::Pipfile => 3,
        _ => 9,
    };
    project
        .manifests
        .iter()
        .filter(|m| rank(m) < 9)
        .min_by_key(|m| rank(m))
}

fn add_fix(manifest: &Manifest, name: &str, version: Option<&str>) -> Option<Fix> {
    let path = manifest.path.as_ref()?;
    let text = std::fs::read_to_string(path).ok()?;
    let (range, new_text) = manifest.add_edit(&text, name, version)?;
    let file_name = path.file_name()?.to_string_lossy().into_owned();
    Some(Fix {
        title: format!("Add `{name}` to {file_name}"),
        edits: vec![TextEdit { range, new_text }],
        file: Some(path.clone()),
    })
}

/// Names projects give their own modules (`from models import User`,
/// `from database import Session`) that no distribution on the index has:
/// most are reserved there, so nobody can register them either. An import
/// of one that resolves to nothing is a module of the project that this
/// file was scanned without (a snippet, a subpackage run from elsewhere),
/// not a hallucinated package.
const CONVENTIONAL_LOCAL_MODULES: &[&str] = &[
    "admin",
    "api",
    "app",
    "application",
    "asgi",
    "auth",
    "backend",
    "cli",
    "client",
    "commands",
    "common",
    "conftest",
    "constants",
    "consts",
    "controllers",
    "core",
    "crud",
    "database",
    "db",
    "deps",
    "dto",
    "engine",
    "entities",
    "entity",
    "errors",
    "exceptions",
    "ext",
    "extensions",
    "feature",
    "features",
    "forms",
    "handlers",
    "helpers",
    "jobs",
    "loaders",
    "local_settings",
    "losses",
    "main",
    "managers",
    "middleware",
    "middlewares",
    "mocks",
    "model",
    "models",
    "module",
    "modules",
    "parsers",
    "project",
    "repositories",
    "repository",
    "routes",
    "schemas",
    "server",
    "services",
    "settings",
    "settings_local",
    "tasks",
    "tests",
    "training",
    "urls",
    "utilities",
    "utils",
    "views",
    "wsgi",
];

fn is_conventional_local_module(name: &str) -> bool {
    CONVENTIONAL_LOCAL_MODULES.contains(&name)
}

fn check_python(
    index: &PackageIndex,
    rules: &RuleSet,
    tree: &tree_sitter::Tree,
    text: &str,
    path: Option<&Path>,
    online: &Online,
) -> Vec<Finding> {
    let imports = imports::python_imports(tree, text);
    if imports.is_empty() {
        return Vec::new();
    }
    let project = python_project(path);
    let env = pyenv::for_project(project.root.as_deref());
    let mut out = Vec::new();
    let mut judged: HashMap<String, bool> = HashMap::new();
    for imp in imports {
        let top = imp.module.split('.').next().unwrap_or("").to_owned();
        if top.is_empty()
            || stdlib::is_python_stdlib(&top)
            || project.local.contains(&top)
            || top.starts_with('_')
        {
            continue;
        }
        if judged.get(&top) == Some(&true) {
            continue; // one finding per module and file
        }
        let candidates = candidate_dists(&imp.module, &env);
        if project.declares && declared_python(&project, &imp.module, &candidates) {
            continue;
        }
        let installed = candidates.iter().any(|c| env.installed.contains_key(c));
        // Several distributions may provide one import name (`bcrypt` is
        // the popular `bcrypt` and the long-abandoned `python-bcrypt`): the
        // import is fine when any of them is.
        let mut existing_verdicts = candidates
            .iter()
            .filter(|c| index.pypi.contains(c))
            .map(|dist| (dist, verdict::judge(index, Ecosystem::PyPI, dist)));
        let first = existing_verdicts.next();
        let existing_verdict = match first {
            Some((_, Verdict::Fine(_))) | None => first,
            Some(first) => existing_verdicts
                .find(|(_, v)| matches!(v, Verdict::Fine(_)))
                .or(Some(first)),
        };
        let existing = existing_verdict.as_ref().map(|(dist, _)| *dist);
        if existing_verdict.is_none() && !installed && is_conventional_local_module(&top) {
            continue;
        }
        let (verdict, confirmed) = match existing_verdict {
            Some((_, verdict)) => (verdict, Confirmation::Local),
            None if installed => (Verdict::Fine(None), Confirmation::Local),
            None => {
                let n = normalize_python(&top);
                let local = verdict::judge(index, Ecosystem::PyPI, &n);
                confirm(index, Ecosystem::PyPI, &n, local, online)
            }
        };
        let reported = match &verdict {
            Verdict::Fine(info) => {
                if project.declares && !project.opaque && !imp.optional {
                    let dist = existing.cloned().unwrap_or_else(|| normalize_python(&top));
                    let version = info
                        .as_ref()
                        .and_then(|i| i.version.clone())
                        .or_else(|| env.installed.get(&dist).cloned().filter(|v| !v.is_empty()));
                    let target = python_target(&project);
                    let fix = target.and_then(|m| add_fix(m, &dist, version.as_deref()));
                    let where_ = target
                        .and_then(|m| m.path.as_ref())
                        .and_then(|p| p.file_name())
                        .map_or("the project's manifest".to_owned(), |n| {
                            n.to_string_lossy().into_owned()
                        });
                    finding(
                        rules,
                        UNDECLARED,
                        imp.range.clone(),
                        format!("`{top}` comes from the `{dist}` distribution, which {where_} does not declare (a phantom dependency): whatever is installed gets used, unpinned and unreviewed; declare it."),
                        fix,
                    )
                } else {
                    None
                }
            }
            // `try: import x` / `except ImportError:` handles `x` being
            // absent (an optional speed-up, another platform's module, a
            // plugin): only a near-copy of a popular name is still worth a word.
            Verdict::Missing { suggestion: None } if imp.optional => None,
            v => verdict_finding(
                index,
                rules,
                Ecosystem::PyPI,
                &top,
                imp.range.clone(),
                (v, confirmed),
                &|t| import_name_of(t),
            ),
        };
        judged.insert(top, reported.is_some());
        out.extend(reported);
    }
    out
}

// ---------------------------------------------------------------- Rust

/// The Rust package around a file.
pub struct RustProject {
    pub manifest: Option<Arc<Manifest>>,
    /// Crate names (as path idents) that are the project itself or its workspace.
    pub own: HashSet<String>,
    /// Module names from the files around.
    pub modules: HashSet<String>,
}

fn workspace_crates(root_manifest: &Path, own: &mut HashSet<String>) {
    let Some(m) = manifests::load(root_manifest) else {
        return;
    };
    let base = root_manifest.parent().unwrap_or(Path::new("."));
    for pattern in &m.workspace_members {
        let dirs: Vec<PathBuf> = match pattern.strip_suffix("/*") {
            Some(parent) => std::fs::read_dir(base.join(parent))
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .collect(),
            None => vec![base.join(pattern)],
        };
        for d in dirs {
            if let Some(name) = d.file_name() {
                own.insert(crate_ident(&name.to_string_lossy()));
            }
            if let Some(member) = manifests::load(&d.join("Cargo.toml")) {
                if let Some(n) = &member.package_name {
                    own.insert(crate_ident(n));
                }
                if let Some(n) = &member.lib_name {
                    own.insert(crate_ident(n));
                }
            }
        }
    }
}

fn rust_modules(dir: &Path, out: &mut HashSet<String>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".rs") {
            out.insert(stem.to_owned());
        } else if entry.path().is_dir() {
            out.insert(name);
        }
    }
}

/// The crate around `file`, re-read only when one of the files or
/// directories it was read from changes.
pub fn rust_project(file: Option<&Path>) -> Arc<RustProject> {
    static CACHE: LazyLock<StampCache<Option<PathBuf>, RustProject>> =
        LazyLock::new(StampCache::default);
    let key = file.map(Path::to_path_buf);
    CACHE.get_or_load(&key, || {
        let project = read_rust_project(file);
        let mut watched = ancestors(file);
        let manifests: Vec<PathBuf> = watched.iter().map(|d| d.join("Cargo.toml")).collect();
        watched.extend(manifests);
        if let Some(stem) = file.and_then(|f| Some(f.parent()?.join(f.file_stem()?))) {
            watched.push(stem);
        }
        if let Some(root) = project
            .manifest
            .as_ref()
            .and_then(|m| m.path.as_ref()?.parent())
        {
            watched.push(root.join("src"));
        }
        (project, watched)
    })
}

fn read_rust_project(file: Option<&Path>) -> RustProject {
    let mut own = HashSet::new();
    let mut modules = HashSet::new();
    let dir = file.and_then(Path::parent).map(|d| {
        if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        }
    });
    let Some(dir) = dir else {
        return RustProject {
            manifest: None,
            own,
            modules,
        };
    };
    rust_modules(dir, &mut modules);
    if let Some(stem) = file.and_then(Path::file_stem) {
        let sub = dir.join(stem);
        if sub.is_dir() {
            rust_modules(&sub, &mut modules);
        }
    }
    let root = find_root(dir, |d| d.join("Cargo.toml").is_file())
        .filter(|r| file.is_none_or(|f| is_crate_source(r, f)));
    let manifest = root
        .as_ref()
        .and_then(|r| manifests::load(&r.join("Cargo.toml")));
    if let Some(root) = &root {
        let src = root.join("src");
        if src.is_dir() {
            rust_modules(&src, &mut modules);
        }
        // The workspace root may be this manifest or one above it.
        let mut d = Some(root.as_path());
        while let Some(x) = d {
            if x.join("Cargo.toml").is_file() {
                workspace_crates(&x.join("Cargo.toml"), &mut own);
            }
            d = x.parent();
        }
    }
    if let Some(m) = &manifest {
        for n in [&m.package_name, &m.lib_name].into_iter().flatten() {
            own.insert(crate_ident(n));
        }
    }
    RustProject {
        manifest,
        own,
        modules,
    }
}

/// Does `file` belong to the package rooted at `root`? Only files Cargo would
/// build do: `src/**`, `build.rs`, and the targets under `tests/`, `benches/`,
/// `examples/` (a file, or a directory with `main.rs` or `mod.rs`). Other `.rs` files in the
/// tree (fixtures, vendored snippets) are not judged by this manifest.
fn is_crate_source(root: &Path, file: &Path) -> bool {
    let Ok(rel) = file.strip_prefix(root) else {
        return true; // a relative or unusual path: keep the manifest
    };
    let parts: Vec<&std::ffi::OsStr> = rel.iter().collect();
    match parts.as_slice() {
        [first, ..] if *first == "src" => true,
        [only] => *only == "build.rs",
        [dir, _file] => ["tests", "benches", "examples"]
            .iter()
            .any(|d| dir == d && auto_targets(root, d)),
        [dir, target, _, ..] if ["tests", "benches", "examples"].iter().any(|d| dir == d) => {
            let target = root.join(dir).join(target);
            target.join("main.rs").is_file() || target.join("mod.rs").is_file()
        }
        _ => false,
    }
}

/// Does the manifest let Cargo discover targets in `dir` (`autotests`,
/// `autobenches`, `autoexamples` not set to false)?
fn auto_targets(root: &Path, dir: &str) -> bool {
    let key = format!("auto{dir}");
    let Ok(text) = std::fs::read_to_string(root.join("Cargo.toml")) else {
        return true;
    };
    let Ok(table) = toml::from_str::<toml::Table>(&text) else {
        return true;
    };
    table
        .get("package")
        .and_then(|p| p.get(&key))
        .and_then(|v| v.as_bool())
        .unwrap_or(true)
}

fn check_rust(
    index: &PackageIndex,
    rules: &RuleSet,
    tree: &tree_sitter::Tree,
    text: &str,
    path: Option<&Path>,
    online: &Online,
) -> Vec<Finding> {
    let refs = imports::rust_refs(tree, text);
    if refs.is_empty() {
        return Vec::new();
    }
    let local = imports::rust_local_names(tree, text);
    let project = rust_project(path);
    let mut out = Vec::new();
    let mut done = HashSet::new();
    for r in refs {
        let name = r.name.as_str();
        if stdlib::is_rust_builtin(name)
            || stdlib::is_rust_std_module(name)
            || name.starts_with(|c: char| c.is_uppercase() || c == '_')
            || name.starts_with("r#")
            || local.contains(name)
            || project.own.contains(name)
            || project.modules.contains(name)
            || done.contains(name)
        {
            continue;
        }
        let normalized = normalize_crate(name);
        if project
            .manifest
            .as_ref()
            .is_some_and(|m| m.declares(&normalized))
        {
            continue;
        }
        let verdict = verdict::judge(index, Ecosystem::Crates, &normalized);
        // Compiler-internal crates (`extern crate rustc_span;` under the
        // `rustc_private` feature) come with the toolchain; published
        // `rustc_*` crates (`rustc_version`) are judged as any other.
        if name.starts_with("rustc_")
            && (!matches!(verdict, Verdict::Fine(_)) || text.contains("rustc_private"))
        {
            continue;
        }
        // Paths outside `use` are never reported as missing: not worth asking about.
        let (verdict, confirmed) = if r.kind == RustRefKind::Path {
            (verdict, Confirmation::Local)
        } else {
            confirm(index, Ecosystem::Crates, &normalized, verdict, online)
        };
        let known = matches!(verdict, Verdict::Fine(Some(_)))
            || confirmed == Confirmation::Exists
            || cargo_cache::known_crates().contains(&normalized);
        let reported = match (&verdict, &project.manifest) {
            (Verdict::Fine(info), Some(m)) if known => {
                let published = info.as_ref().map_or(name.to_owned(), |i| i.name.clone());
                let version = info.as_ref().and_then(|i| i.version.clone());
                finding(
                    rules,
                    UNDECLARED,
                    r.range.clone(),
                    format!("`{name}` is the crate `{published}`, which Cargo.toml does not declare: the build fails or picks up whatever a dependency re-exports; declare it."),
                    add_fix(m, &published, version.as_deref()),
                )
            }
            (Verdict::Fine(_), _) => None,
            // Paths outside `use` may be modules we cannot see: judge only imports.
            (_, _) if r.kind == RustRefKind::Path && !matches!(verdict, Verdict::Malicious(_)) => {
                None
            }
            (v, _) => verdict_finding(
                index,
                rules,
                Ecosystem::Crates,
                name,
                r.range.clone(),
                (v, confirmed),
                &crate_ident,
            ),
        };
        if reported.is_some() {
            done.insert(name.to_owned());
        }
        out.extend(reported);
    }
    out
}
