//! pip requirement files: one PEP 508 requirement per line, `#` comments,
//! `\` continuations, options (`-r other.txt` includes another file; `-e`,
//! `--index-url` and the like are not package names).

use super::{pep508_name, Dependency, InsertPoint, Manifest};
use crate::index::names::normalize_python;
use std::path::Path;

pub fn read(text: &str, path: Option<&Path>, m: &mut Manifest) {
    let mut offset = 0;
    let mut continued = false;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let was_continued = continued;
        continued = line.trim_end().ends_with('\\');
        if was_continued {
            continue; // hashes and options of the previous requirement
        }
        // Comments start at `#` at line start or after whitespace.
        let body_end = comment_start(line).unwrap_or(line.len());
        let body = line[..body_end].trim_end().trim_end_matches('\\');
        let trimmed = body.trim_start();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(opt) = trimmed.strip_prefix('-') {
            if let Some(file) = include_target(opt) {
                let base = path.and_then(Path::parent).unwrap_or(Path::new(""));
                m.includes.push(base.join(file));
            }
            continue;
        }
        if trimmed.contains("://") && !trimmed.contains('@') {
            continue; // a bare URL or VCS link
        }
        let Some((range, is_url)) = pep508_name(body) else {
            continue;
        };
        let name = &body[range.clone()];
        m.dependencies.push(Dependency {
            name: name.to_owned(),
            normalized: normalize_python(name),
            alias: None,
            range: line_start + range.start..line_start + range.end,
            from_registry: !is_url,
        });
    }
    m.insert = Some(InsertPoint::Line(text.len()));
}

fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    (0..bytes.len()).find(|&i| bytes[i] == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()))
}

/// `r file`, `-requirement=file`, `rfile` (the text after the first `-`).
fn include_target(opt: &str) -> Option<&str> {
    let rest = opt
        .strip_prefix("-requirement")
        .or_else(|| opt.strip_prefix('r'))?;
    let file = rest.trim_start_matches('=').trim();
    (!file.is_empty()).then_some(file)
}

#[cfg(test)]
mod tests {
    use super::super::{parse, Kind};

    #[test]
    fn names_options_and_includes() {
        let text = "# deps\nrequests>=2.31  # http\n-r base.txt\n-e ./local\nPyYAML==6.0 \\\n    --hash=sha256:abc\n--index-url https://example.invalid/simple\nflask[async]\nsomepkg @ https://example.invalid/x.whl\n";
        let m = parse(
            Kind::Requirements,
            text,
            Some(std::path::Path::new("proj/requirements.txt")),
        );
        let names: Vec<_> = m
            .dependencies
            .iter()
            .map(|d| d.normalized.as_str())
            .collect();
        assert_eq!(names, ["requests", "pyyaml", "flask", "somepkg"]);
        assert_eq!(&text[m.dependencies[1].range.clone()], "PyYAML");
        assert!(!m.dependencies[3].from_registry);
        assert_eq!(m.includes, [std::path::PathBuf::from("proj/base.txt")]);
    }
}
