//! SARIF 2.1.0 output, the form code-scanning services read.

use super::report::{report_fix, Columns, LineIndex};
use super::scan::FileReport;
use crate::finding::{Finding, Severity};
use crate::rules::RuleSet;
use serde_sarif::sarif;
use std::collections::BTreeMap;

fn level(s: Severity) -> sarif::ResultLevel {
    match s {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Info | Severity::Hint => sarif::ResultLevel::Note,
    }
}

/// `security` plus the rule's `CWE-NNN` tags, as code-scanning services read them.
fn tags(cwe: &[u32]) -> sarif::PropertyBag {
    let mut tags = vec!["security".to_owned()];
    tags.extend(cwe.iter().map(|c| format!("CWE-{c}")));
    sarif::PropertyBag::builder().tags(tags).build()
}

fn descriptor(rule: &crate::rules::Rule) -> sarif::ReportingDescriptor {
    let help_text = format!(
        "{} {} {} {}",
        rule.docs.what.trim(),
        rule.docs.why.trim(),
        rule.docs.exploit.trim(),
        rule.docs.fix.trim()
    );
    let mut properties = tags(&rule.cwe);
    properties.additional_properties.insert(
        "security-severity".to_owned(),
        serde_json::Value::String(
            match rule.severity {
                Severity::Error => "8.0",
                Severity::Warning => "5.0",
                Severity::Info => "3.0",
                Severity::Hint => "1.0",
            }
            .to_owned(),
        ),
    );
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
    rule_index: Option<usize>,
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
        .map(|(file, text, fix)| {
            // A fix in another file (the manifest) is located in that file.
            let fix_index = LineIndex::new(&text);
            let target = || match file {
                Some(file) => sarif::ArtifactLocation::builder().uri(uri_of(file)).build(),
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
    let mut properties = tags(&finding.cwe);
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
    result.rule_index = rule_index.map(|i| i as i64);
    if !related.is_empty() {
        result.related_locations = Some(related);
    }
    if !fixes.is_empty() {
        result.fixes = Some(fixes);
    }
    result
}

/// The SARIF log for a scan. Every rule is listed in `tool.driver.rules`.
pub fn log(files: &[FileReport], rules: &RuleSet, keep: impl Fn(&Finding) -> bool) -> sarif::Sarif {
    let all: Vec<_> = rules.iter().collect();
    let descriptors: Vec<_> = all.iter().map(|r| descriptor(r)).collect();
    let mut results = Vec::new();
    for report in files {
        let index = LineIndex::new(&report.text);
        for f in report.findings.iter().filter(|f| keep(f)) {
            let rule_index = all.iter().position(|r| r.id == f.rule_id);
            results.push(result(report, &index, f, rule_index));
        }
    }
    let driver = sarif::ToolComponent::builder()
        .name("suggestguard".to_owned())
        .semantic_version(env!("CARGO_PKG_VERSION").to_owned())
        .rules(descriptors)
        .build();
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(serde_json::Value::String("utf16CodeUnits".into()))
        .build();
    sarif::Sarif::builder()
        .schema("https://json.schemastore.org/sarif-2.1.0.json".to_owned())
        .version(serde_json::Value::String("2.1.0".into()))
        .runs(vec![run])
        .build()
}
