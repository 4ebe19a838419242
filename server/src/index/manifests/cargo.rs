//! `Cargo.toml`: `[dependencies]`, `[dev-dependencies]`,
//! `[build-dependencies]`, their `[target.'cfg(..)'.*]` forms,
//! `[workspace.dependencies]`, `[dependencies.name]` tables, and
//! `package = "..."` renames.

use super::toml_scan::{self, Value};
use super::{Dependency, InsertPoint, Manifest};
use crate::index::names::normalize_crate;

const KINDS: [&str; 3] = ["dependencies", "dev-dependencies", "build-dependencies"];

fn is_dependency_table(table: &[(String, std::ops::Range<usize>)]) -> bool {
    let names: Vec<&str> = table.iter().map(|s| s.0.as_str()).collect();
    match names.as_slice() {
        [k] => KINDS.contains(k),
        ["workspace", "dependencies"] => true,
        ["target", _, k] => KINDS.contains(k),
        _ => false,
    }
}

/// Build a dependency from its key and value (`"1.0"` or an inline table).
fn dependency(key: &(String, std::ops::Range<usize>), value: Option<&Value>) -> Dependency {
    let package = value.and_then(|v| v.get("package"));
    let local = value.is_some_and(|v| {
        ["path", "git", "registry", "registry-index"]
            .iter()
            .any(|k| v.get(k).is_some())
            || matches!(v.get("workspace"), Some(Value::Other(t, _)) if t == "true")
    });
    let (name, range) = match package {
        Some(Value::Str(p, r)) => (p.clone(), r.start + 1..r.end - 1),
        _ => (key.0.clone(), key.1.clone()),
    };
    Dependency {
        normalized: normalize_crate(&name),
        alias: package.map(|_| key.0.clone()),
        name,
        range,
        from_registry: !local,
    }
}

pub fn read(text: &str, m: &mut Manifest) {
    let doc = toml_scan::parse(text);
    // `[dependencies.serde]` tables: the key is the header's last segment.
    for header in &doc.headers {
        let Some((last, parent)) = header.table.split_last() else {
            continue;
        };
        if !is_dependency_table(parent) {
            continue;
        }
        let items: Vec<_> = doc
            .items
            .iter()
            .filter(|i| i.table == header.table)
            .map(|i| toml_scan::Pair {
                key: i.pair.key.clone(),
                value: i.pair.value.clone(),
            })
            .collect();
        let table = Value::Table(items, header.span.clone());
        m.dependencies.push(dependency(last, Some(&table)));
    }
    for item in &doc.items {
        if is_dependency_table(&item.table) {
            let key = &item.pair.key[0];
            if item.pair.key.len() == 1 {
                m.dependencies.push(dependency(key, Some(&item.pair.value)));
            } else if !m
                .dependencies
                .iter()
                .any(|d| d.alias.as_ref().unwrap_or(&d.name) == &key.0)
            {
                // `serde.workspace = true`, `serde.version = "1"`: dotted forms.
                let sub = toml_scan::Pair {
                    key: item.pair.key[1..].to_vec(),
                    value: item.pair.value.clone(),
                };
                let table = Value::Table(vec![sub], item.span.clone());
                m.dependencies.push(dependency(key, Some(&table)));
            }
            continue;
        }
        let path: Vec<&str> = item.table.iter().map(|s| s.0.as_str()).collect();
        let key = item.pair.key[0].0.as_str();
        match (path.as_slice(), key) {
            (["package"], "name") => m.package_name = item.pair.value.as_str().map(str::to_owned),
            (["lib"], "name") => m.lib_name = item.pair.value.as_str().map(str::to_owned),
            (["workspace"], "members") => {
                if let Value::Array(values, _) = &item.pair.value {
                    m.workspace_members = values
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect();
                }
            }
            _ => {}
        }
    }
    m.dependencies.sort_by_key(|d| d.range.start);
    m.insert = Some(match doc.header(&["dependencies"]) {
        Some(header) => {
            let last = doc
                .table(&["dependencies"])
                .map(|i| i.span.end)
                .max()
                .unwrap_or(header.span.end);
            InsertPoint::Line(text[last..].find('\n').map_or(text.len(), |n| last + n + 1))
        }
        None => InsertPoint::NewTable("[dependencies]".into()),
    });
}

#[cfg(test)]
mod tests {
    use super::super::{parse, Kind};

    #[test]
    fn all_dependency_forms() {
        let text = "[package]\nname = \"my-app\"\n[dependencies]\nserde = \"1\"\nrand_core = { version = \"0.6\" }\nweb = { package = \"actix-web\", version = \"4\" }\nlocal = { path = \"../local\" }\nshared.workspace = true\n[dependencies.tokio]\nversion = \"1\"\n[target.'cfg(unix)'.dependencies]\nnix = \"0.29\"\n[dev-dependencies]\ntempfile = \"3\"\n[workspace]\nmembers = [\"crates/*\"]\n";
        let m = parse(Kind::Cargo, text, None);
        let names: Vec<_> = m
            .dependencies
            .iter()
            .map(|d| d.normalized.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "serde",
                "rand-core",
                "actix-web",
                "local",
                "shared",
                "tokio",
                "nix",
                "tempfile"
            ]
        );
        assert_eq!(m.dependencies[2].alias.as_deref(), Some("web"));
        assert_eq!(&text[m.dependencies[2].range.clone()], "actix-web");
        assert!(!m.dependencies[3].from_registry);
        assert!(!m.dependencies[4].from_registry);
        assert_eq!(&text[m.dependencies[5].range.clone()], "tokio");
        assert!(m.declares("rand-core"));
        assert!(m.declares("web"));
        assert_eq!(m.package_name.as_deref(), Some("my-app"));
        assert_eq!(m.workspace_members, ["crates/*"]);
    }
}
