//! One weakness, one report: when several rules flag the same line for the
//! same CWE (a taint rule and the pattern rule that approximates it), only
//! the most confident finding stays.

use crate::finding::Finding;

/// Keep, for each line and CWE, the finding with the highest severity (then
/// the one that explains its path, then the one with a fix). A fix of a
/// dropped finding moves to the kept one when that has none.
pub fn keep_most_confident(findings: &mut Vec<Finding>, text: &str) {
    if findings.len() < 2 {
        return;
    }
    let line_of = |offset: usize| {
        let end = offset.min(text.len());
        text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    };
    let lines: Vec<usize> = findings.iter().map(|f| line_of(f.range.start)).collect();
    let rank = |f: &Finding| (f.severity, f.related.len().min(1), f.fix.is_some());
    let mut drop = vec![false; findings.len()];
    for i in 0..findings.len() {
        for j in (i + 1)..findings.len() {
            if drop[i] || drop[j] || lines[i] != lines[j] {
                continue;
            }
            let (a, b) = (&findings[i], &findings[j]);
            if a.rule_id == b.rule_id || !a.cwe.iter().any(|c| b.cwe.contains(c)) {
                continue;
            }
            let (keep, lose) = if rank(b) > rank(a) { (j, i) } else { (i, j) };
            drop[lose] = true;
            if findings[keep].fix.is_none() {
                findings[keep].fix = findings[lose].fix.take();
            }
        }
    }
    let mut index = 0;
    findings.retain(|_| {
        let keep = !drop[index];
        index += 1;
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn finding(rule: &str, start: usize, severity: Severity, cwe: u32) -> Finding {
        Finding {
            rule_id: rule.into(),
            range: start..start + 1,
            severity,
            cwe: vec![cwe],
            message: "m".into(),
            fix: None,
            related: Vec::new(),
        }
    }

    #[test]
    fn keeps_the_most_severe_per_line_and_cwe() {
        let text = "a = 1\nb = 2\n";
        let mut f = vec![
            finding("pattern", 0, Severity::Warning, 78),
            finding("taint", 2, Severity::Error, 78),
            finding("other-cwe", 1, Severity::Hint, 22),
            finding("next-line", 6, Severity::Hint, 78),
        ];
        keep_most_confident(&mut f, text);
        let ids: Vec<&str> = f.iter().map(|f| f.rule_id.as_str()).collect();
        assert_eq!(ids, ["taint", "other-cwe", "next-line"]);
    }
}
