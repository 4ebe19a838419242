//! Python project manifests other than requirement files: `pyproject.toml`
//! (PEP 621 `[project]`, PEP 735 dependency groups, Poetry), `setup.cfg` and
//! `Pipfile`.

use super::toml_scan::{self, Value};
use super::{pep508_name, Dependency, InsertPoint, Manifest};
use crate::index::names::normalize_python;

/// A PEP 508 string item of a TOML array -> dependency.
fn from_pep508(value: &Value, out: &mut Vec<Dependency>) {
    let Value::Str(s, range) = value else {
        return;
    };
    // The string's content starts after its opening quote(s); names have no escapes.
    let quote = if range.end - range.start >= s.len() + 6 {
        3
    } else {
        1
    };
    if let Some((r, is_url)) = pep508_name(s) {
        let name = &s[r.clone()];
        out.push(Dependency {
            name: name.to_owned(),
            normalized: normalize_python(name),
            alias: None,
            range: range.start + quote + r.start..range.start + quote + r.end,
            from_registry: !is_url,
        });
    }
}

fn array_insert(value: &Value, text: &str) -> Option<InsertPoint> {
    let Value::Array(items, range) = value else {
        return None;
    };
    let close = range.end - 1;
    let multiline = text[range.clone()].contains('\n');
    let indent = items
        .first()
        .map(|i| {
            let start = i.range().start;
            let line_start = crate::text::line_start(text.as_bytes(), start);
            text[line_start..start].to_owned()
        })
        .filter(|s| s.trim().is_empty())
        .unwrap_or_else(|| "    ".to_owned());
    Some(InsertPoint::Array {
        close,
        has_items: !items.is_empty(),
        multiline,
        indent,
    })
}

/// Dependencies written as `name = spec` keys of a table (Poetry, Pipfile).
fn from_keys<'a>(items: impl Iterator<Item = &'a toml_scan::Item>, out: &mut Vec<Dependency>) {
    for item in items {
        let (name, range) = &item.pair.key[0];
        if name == "python" || !crate::index::names::is_valid_name(name) {
            continue;
        }
        let v = &item.pair.value;
        let local = ["path", "git", "url", "file", "editable", "hg", "svn"]
            .iter()
            .any(|k| v.get(k).is_some());
        out.push(Dependency {
            name: name.clone(),
            normalized: normalize_python(name),
            alias: None,
            range: range.clone(),
            from_registry: !local,
        });
    }
}

/// The line after the last item of a table's body (or after its header).
fn table_end_line(doc: &toml_scan::Document, path: &[&str], text: &str) -> Option<usize> {
    let header = doc.header(path)?;
    let last = doc
        .table(path)
        .map(|i| i.span.end)
        .max()
        .unwrap_or(header.span.end);
    Some(text[last..].find('\n').map_or(text.len(), |n| last + n + 1))
}

pub fn read_pyproject(text: &str, m: &mut Manifest) {
    let doc = toml_scan::parse(text);
    for item in doc.table(&["project"]) {
        match item.pair.key[0].0.as_str() {
            "name" if item.pair.key.len() == 1 => {
                m.package_name = item.pair.value.as_str().map(str::to_owned)
            }
            "dependencies" if item.pair.key.len() == 1 => {
                if let Value::Array(values, _) = &item.pair.value {
                    values
                        .iter()
                        .for_each(|v| from_pep508(v, &mut m.dependencies));
                }
                m.insert = array_insert(&item.pair.value, text);
            }
            "optional-dependencies" => {
                if let Value::Table(pairs, _) = &item.pair.value {
                    for p in pairs {
                        if let Value::Array(values, _) = &p.value {
                            values
                                .iter()
                                .for_each(|v| from_pep508(v, &mut m.dependencies));
                        }
                    }
                } else if let Value::Array(values, _) = &item.pair.value {
                    values
                        .iter()
                        .for_each(|v| from_pep508(v, &mut m.dependencies));
                }
            }
            _ => {}
        }
    }
    for table in [
        &["project", "optional-dependencies"][..],
        &["dependency-groups"][..],
    ] {
        for item in doc.table(table) {
            if let Value::Array(values, _) = &item.pair.value {
                values
                    .iter()
                    .for_each(|v| from_pep508(v, &mut m.dependencies));
            }
        }
    }
    for item in doc.table(&["build-system"]) {
        if item.pair.key[0].0 == "requires" {
            if let Value::Array(values, _) = &item.pair.value {
                values
                    .iter()
                    .for_each(|v| from_pep508(v, &mut m.dependencies));
            }
        }
    }
    // Poetry.
    let poetry_tables: Vec<Vec<String>> = doc
        .headers
        .iter()
        .map(|h| h.table.iter().map(|s| s.0.clone()).collect::<Vec<_>>())
        .filter(|t| {
            t.len() >= 3
                && t[0] == "tool"
                && t[1] == "poetry"
                && (t[2..] == ["dependencies"]
                    || t[2..] == ["dev-dependencies"]
                    || (t.len() == 5 && t[2] == "group" && t[4] == "dependencies"))
        })
        .collect();
    for t in &poetry_tables {
        let path: Vec<&str> = t.iter().map(String::as_str).collect();
        from_keys(doc.table(&path), &mut m.dependencies);
    }
    if let Some(name) = doc
        .table(&["tool", "poetry"])
        .find(|i| i.pair.key[0].0 == "name")
        .and_then(|i| i.pair.value.as_str())
    {
        m.package_name.get_or_insert_with(|| name.to_owned());
    }
    if m.insert.is_none() {
        if let Some(at) = table_end_line(&doc, &["tool", "poetry", "dependencies"], text) {
            m.poetry = true;
            m.insert = Some(InsertPoint::Line(at));
        } else if doc.header(&["project"]).is_some() {
            // `[project]` without a dependencies array: add one at the table's end.
            m.insert = table_end_line(&doc, &["project"], text).map(InsertPoint::Line);
            m.poetry = false;
        }
    }
}

pub fn read_pipfile(text: &str, m: &mut Manifest) {
    let doc = toml_scan::parse(text);
    for table in ["packages", "dev-packages"] {
        from_keys(doc.table(&[table]), &mut m.dependencies);
    }
    m.insert = match table_end_line(&doc, &["packages"], text) {
        Some(at) => Some(InsertPoint::Line(at)),
        None => Some(InsertPoint::NewTable("[packages]".into())),
    };
}

/// `setup.cfg`: `[options] install_requires`, `setup_requires`,
/// `tests_require` and `[options.extras_require]`, one requirement per
/// (continuation) line or `;`-separated.
pub fn read_setup_cfg(text: &str, m: &mut Manifest) {
    let mut section = String::new();
    let mut in_list = false;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim();
        if trimmed.starts_with('[') && trimmed.ends_with(']') {
            section = trimmed[1..trimmed.len() - 1].trim().to_owned();
            in_list = false;
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let (value, value_start) = if indented && in_list {
            (line, line_start)
        } else if let Some(eq) = line.find(['=', ':']) {
            let key = line[..eq].trim();
            in_list = match section.as_str() {
                "options" => matches!(key, "install_requires" | "setup_requires" | "tests_require"),
                "options.extras_require" => true,
                _ => false,
            };
            if !in_list {
                continue;
            }
            (&line[eq + 1..], line_start + eq + 1)
        } else {
            in_list = false;
            continue;
        };
        let mut at = 0;
        for part in value.split(';') {
            let part_start = at;
            at += part.len() + 1;
            // `; python_version < "3.8"` markers follow a requirement on the same line.
            if part.contains(['<', '>', '=']) && part.trim_start().starts_with(['"', '\'']) {
                continue;
            }
            let part = part.split(" #").next().unwrap_or("");
            if let Some((r, is_url)) = pep508_name(part) {
                let name = &part[r.clone()];
                if name.contains("python_version") || name.contains("sys_platform") {
                    continue;
                }
                m.dependencies.push(Dependency {
                    name: name.to_owned(),
                    normalized: normalize_python(name),
                    alias: None,
                    range: value_start + part_start + r.start..value_start + part_start + r.end,
                    from_registry: !is_url,
                });
            }
            break; // one requirement per line; the rest are markers
        }
    }
    m.insert = None;
}

#[cfg(test)]
mod tests {
    use super::super::{parse, Kind};

    #[test]
    fn pyproject_project_and_poetry() {
        let text = "[project]\nname = \"demo\"\ndependencies = [\n    \"requests>=2\",\n    \"PyYAML\",\n]\n[project.optional-dependencies]\ndev = [\"pytest\"]\n[tool.poetry.dependencies]\npython = \"^3.10\"\nhttpx = \"^0.27\"\nlocal = { path = \"../local\" }\n";
        let m = parse(Kind::Pyproject, text, None);
        let names: Vec<_> = m
            .dependencies
            .iter()
            .map(|d| d.normalized.as_str())
            .collect();
        assert_eq!(names, ["requests", "pyyaml", "pytest", "httpx", "local"]);
        assert_eq!(&text[m.dependencies[1].range.clone()], "PyYAML");
        assert!(!m.dependencies[4].from_registry);
        assert_eq!(m.package_name.as_deref(), Some("demo"));
    }

    #[test]
    fn setup_cfg_lists() {
        let text = "[metadata]\nname = demo\n[options]\ninstall_requires =\n    requests>=2\n    PyYAML; python_version>\"3\"\n[options.extras_require]\ntest = pytest\n";
        let m = parse(Kind::SetupCfg, text, None);
        let names: Vec<_> = m
            .dependencies
            .iter()
            .map(|d| d.normalized.as_str())
            .collect();
        assert_eq!(names, ["requests", "pyyaml", "pytest"]);
        assert_eq!(&text[m.dependencies[2].range.clone()], "pytest");
    }

    #[test]
    fn pipfile_tables() {
        let text = "[[source]]\nname = \"pypi\"\n[packages]\nrequests = \"*\"\n[dev-packages]\npytest = \">=7\"\n";
        let m = parse(Kind::Pipfile, text, None);
        let names: Vec<_> = m
            .dependencies
            .iter()
            .map(|d| d.normalized.as_str())
            .collect();
        assert_eq!(names, ["requests", "pytest"]);
    }
}
