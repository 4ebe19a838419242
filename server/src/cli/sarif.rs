//! SARIF 2.1.0 output, the form code-scanning services read.

use super::report::{fix_index, report_fix, Columns, LineIndex};
use super::scan::FileReport;
use crate::finding::{Finding, Severity};
use crate::rules::RuleSet;
use serde::Serialize;
use serde_sarif::sarif;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::io::Write;

fn level(s: Severity) -> sarif::ResultLevel {
    match s {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Info | Severity::Hint => sarif::ResultLevel::Note,
    }
}

/// What a rule's results are to a code-scanning service.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A weakness: a security alert.
    Security,
    /// A hint-severity rule: code to read, not a vulnerability.
    Review,
    /// A note about the scan itself (`internal-error`, `suppression-unused`).
    Meta,
}

impl Kind {
    /// Judged by the rule's defaults (`severity` decides when the rule is unknown),
    /// whatever severity the settings gave a finding.
    fn of(rule: Option<&crate::rules::Rule>, severity: Severity) -> Kind {
        match rule {
            Some(r) if r.engine == "meta" => Kind::Meta,
            Some(r) if r.severity == Severity::Hint => Kind::Review,
            None if severity == Severity::Hint => Kind::Review,
            _ => Kind::Security,
        }
    }

    fn tag(self) -> &'static str {
        match self {
            Kind::Security => "security",
            Kind::Review => "review",
            Kind::Meta => "meta",
        }
    }
}

/// The kind's tag and the rule's `CWE-NNN` tags, as code-scanning services
/// read them.
fn tags(cwe: &[u32], kind: Kind) -> sarif::PropertyBag {
    let mut tags = vec![kind.tag().to_owned()];
    tags.extend(cwe.iter().map(|c| format!("CWE-{c}")));
    sarif::PropertyBag::builder().tags(tags).build()
}

/// The `security-severity` code-scanning services rank security alerts by;
/// none for review notes and notes about the scan.
fn security_severity(kind: Kind, severity: Severity) -> Option<&'static str> {
    if kind != Kind::Security {
        return None;
    }
    match severity {
        Severity::Error => Some("8.0"),
        Severity::Warning => Some("5.0"),
        Severity::Info => Some("3.0"),
        Severity::Hint => None,
    }
}

fn descriptor(rule: &crate::rules::Rule) -> sarif::ReportingDescriptor {
    let help_text = format!(
        "{} {} {} {}",
        rule.docs.what.trim(),
        rule.docs.why.trim(),
        rule.docs.exploit.trim(),
        rule.docs.fix.trim()
    );
    let kind = Kind::of(Some(rule), rule.severity);
    let mut properties = tags(&rule.cwe, kind);
    if let Some(score) = security_severity(kind, rule.severity) {
        properties.additional_properties.insert(
            "security-severity".to_owned(),
            serde_json::Value::String(score.to_owned()),
        );
    }
    let builder = sarif::ReportingDescriptor::builder()
        .id(rule.id.clone())
        .name(rule.title.clone())
        .short_description(
            sarif::MultiformatMessageString::builder()
                .text(rule.title.clone())
                .build(),
        )
        .full_description(
            sarif::MultiformatMessageString::builder()
                .text(rule.docs.what.trim().to_owned())
                .build(),
        )
        .help(
            sarif::MultiformatMessageString::builder()
                .text(help_text)
                .markdown(rule.explanation_markdown())
                .build(),
        )
        .default_configuration(
            sarif::ReportingConfiguration::builder()
                .level(serde_json::to_value(level(rule.severity)).unwrap_or_default())
                .build(),
        )
        .properties(properties);
    match rule.cwe_url() {
        Some(url) => builder.help_uri(url).build(),
        None => builder.build(),
    }
}

fn region(index: &LineIndex, range: &std::ops::Range<usize>) -> sarif::Region {
    let (start_line, start_column) = index.line_col(range.start, Columns::Utf16);
    let (end_line, end_column) = index.line_col(range.end, Columns::Utf16);
    sarif::Region::builder()
        .start_line(start_line as i64)
        .start_column(start_column as i64)
        .end_line(end_line as i64)
        .end_column(end_column as i64)
        .build()
}

/// A path as a relative URI reference (forward slashes, percent-encoded).
fn uri_of(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = text.strip_prefix("./").unwrap_or(&text).to_owned();
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn result(
    report: &FileReport,
    index: &LineIndex,
    finding: &Finding,
    rule: Option<(usize, &crate::rules::Rule)>,
) -> sarif::Result {
    let uri = uri_of(&report.path);
    let artifact = || sarif::ArtifactLocation::builder().uri(uri.clone()).build();
    let location = sarif::Location::builder()
        .physical_location(
            sarif::PhysicalLocation::builder()
                .artifact_location(artifact())
                .region(region(index, &finding.range))
                .build(),
        )
        .build();
    let related: Vec<sarif::Location> = finding
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| {
            sarif::Location::builder()
                .id(i as i64)
                .message(sarif::Message::builder().text(r.message.clone()).build())
                .physical_location(
                    sarif::PhysicalLocation::builder()
                        .artifact_location(artifact())
                        .region(region(index, &r.range))
                        .build(),
                )
                .build()
        })
        .collect();
    let fixes: Vec<sarif::Fix> = report_fix(report, finding)
        .map(|(other, fix)| {
            // A fix in another file (the manifest) is located in that file.
            let fix_index = fix_index(report, &other);
            let target = || match &other {
                Some((file, _)) => sarif::ArtifactLocation::builder().uri(uri_of(file)).build(),
                None => artifact(),
            };
            let replacements: Vec<sarif::Replacement> = fix
                .edits
                .iter()
                .map(|e| {
                    sarif::Replacement::builder()
                        .deleted_region(region(&fix_index, &e.range))
                        .inserted_content(
                            sarif::ArtifactContent::builder()
                                .text(e.new_text.clone())
                                .build(),
                        )
                        .build()
                })
                .collect();
            sarif::Fix::builder()
                .description(sarif::Message::builder().text(fix.title.clone()).build())
                .artifact_changes(vec![sarif::ArtifactChange::builder()
                    .artifact_location(target())
                    .replacements(replacements)
                    .build()])
                .build()
        })
        .into_iter()
        .collect();
    // Tagged like the rule, whatever severity the settings gave the finding.
    let kind = Kind::of(rule.map(|(_, r)| r), finding.severity);
    let mut properties = tags(&finding.cwe, kind);
    properties.additional_properties.insert(
        "severity".into(),
        serde_json::Value::String(finding.severity.to_string()),
    );
    let mut fingerprints = BTreeMap::new();
    let (line, _) = index.line_col(finding.range.start, Columns::Chars);
    fingerprints.insert(
        "suggestguard/v1".to_owned(),
        format!("{}:{}:{}", finding.rule_id, uri, line),
    );
    let base = sarif::Result::builder()
        .rule_id(finding.rule_id.clone())
        .level(level(finding.severity))
        .message(
            sarif::Message::builder()
                .text(finding.message.clone())
                .build(),
        )
        .locations(vec![location])
        .partial_fingerprints(fingerprints)
        .properties(properties);
    let mut result = base.build();
    result.rule_index = rule.map(|(i, _)| i as i64);
    if !related.is_empty() {
        result.related_locations = Some(related);
    }
    if !fixes.is_empty() {
        result.fixes = Some(fixes);
    }
    result
}

/// Write the SARIF log for a scan to `out`, pretty-printed. Every rule is
/// listed in `tool.driver.rules`. Results are made one file at a time as
/// they are written, so a report of a large tree is never held whole.
pub fn write(
    out: &mut impl Write,
    files: &[FileReport],
    rules: &RuleSet,
    keep: impl Fn(&Finding) -> bool,
) -> std::io::Result<()> {
    let all: Vec<_> = rules.iter().collect();
    let descriptors: Vec<_> = all.iter().map(|r| descriptor(r)).collect();
    let driver = sarif::ToolComponent::builder()
        .name("suggestguard".to_owned())
        .semantic_version(env!("CARGO_PKG_VERSION").to_owned())
        .rules(descriptors)
        .build();
    let tool = sarif::Tool::builder().driver(driver).build();
    let results = files.iter().flat_map(|report| {
        let index = report.index();
        report
            .findings
            .iter()
            .filter(|f| keep(f))
            .map(|f| {
                let rule = all
                    .iter()
                    .position(|r| r.id == f.rule_id)
                    .map(|i| (i, &**all[i]));
                result(report, &index, f, rule)
            })
            .collect::<Vec<_>>()
    });
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "utf16CodeUnits",
            results: Streamed(Cell::new(Some(results))),
            tool: &tool,
        }],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(out, &log).map_err(std::io::Error::other)
}

/// The top of a SARIF log with one run, its members in the order (and with
/// the names) `serde_sarif` gives them, the results streamed.
#[derive(Serialize)]
#[serde(bound = "")]
struct Log<'a, I: Iterator<Item = sarif::Result>> {
    #[serde(rename = "$schema")]
    schema: &'a str,
    runs: [Run<'a, I>; 1],
    version: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase", bound = "")]
struct Run<'a, I: Iterator<Item = sarif::Result>> {
    column_kind: &'a str,
    results: Streamed<I>,
    tool: &'a sarif::Tool,
}

/// A sequence serialized from an iterator, consumed by the one serialization.
struct Streamed<I>(Cell<Option<I>>);

impl<I: Iterator<Item = sarif::Result>> Serialize for Streamed<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.take().into_iter().flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::analyze_text;
    use crate::lang::Language;
    use serde_json::Value;

    fn tags_of(v: &Value) -> Vec<&str> {
        v["properties"]["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect()
    }

    /// Rules that report weaknesses are `security` alerts with a
    /// `security-severity`; hint rules are `review` notes without either.
    #[test]
    fn hint_rules_are_review_notes_not_security_alerts() {
        let text =
            "import random\nimport yaml\n\ndelay = random.uniform(0, 1)\nyaml.load(open(p))\n";
        let path = std::path::PathBuf::from("app.py");
        let findings = analyze_text(text, Language::Python, Some(&path), &Config::default());
        let report = FileReport {
            path,
            content: crate::cli::scan::Content::Text(text.to_owned()),
            language: Language::Python,
            tree: None,
            findings,
            fixes_checked: false,
        };
        let mut out = Vec::new();
        write(&mut out, &[report], RuleSet::builtin(), |_| true).unwrap();
        let log: Value = serde_json::from_slice(&out).unwrap();
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let rule = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap();
        let result = |id: &str| {
            run["results"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["ruleId"] == id)
                .unwrap_or_else(|| panic!("no {id} result in {:#}", run["results"]))
        };

        let alert = rule("py-yaml-load");
        assert_eq!(tags_of(alert), ["security", "CWE-502"]);
        assert_eq!(alert["properties"]["security-severity"], "8.0");
        assert_eq!(tags_of(result("py-yaml-load")), ["security", "CWE-502"]);

        let note = rule("py-random-use");
        assert_eq!(note["defaultConfiguration"]["level"], "note");
        assert_eq!(tags_of(note), ["review", "CWE-330"]);
        assert!(note["properties"].get("security-severity").is_none());
        let hint = result("py-random-use");
        assert_eq!(tags_of(hint), ["review", "CWE-330"]);
        assert!(hint["properties"].get("security-severity").is_none());

        // Notes about the scan itself are neither.
        let meta = rule("internal-error");
        assert_eq!(tags_of(meta), ["meta"]);
        assert!(meta["properties"].get("security-severity").is_none());

        // Every hint rule is a review note, every other rule a security alert.
        for r in RuleSet::builtin().iter() {
            let tags = tags_of(rule(&r.id));
            let scored = rule(&r.id)["properties"].get("security-severity").is_some();
            if r.engine == "meta" {
                assert!(tags == ["meta"] && !scored, "{}: {tags:?}", r.id);
            } else if r.severity == Severity::Hint {
                assert!(tags[0] == "review" && !tags.contains(&"security") && !scored);
            } else {
                assert!(tags[0] == "security" && !tags.contains(&"review") && scored);
            }
        }
    }
}
