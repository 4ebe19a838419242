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
    drop_repeats(findings);
    let lines = line_starts(findings, text);
    // Group by line, then compare only findings on the same line.
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| lines[i]);
    let rank = |f: &Finding| (f.severity, f.related.len().min(1), f.fix.is_some());
    let mut drop = vec![false; findings.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && lines[order[end]] == lines[order[start]] {
            end += 1;
        }
        for a in start..end {
            for b in (a + 1)..end {
                let (i, j) = (order[a], order[b]);
                if drop[i] || drop[j] {
                    continue;
                }
                let (x, y) = (&findings[i], &findings[j]);
                if x.rule_id == y.rule_id || !x.cwe.iter().any(|c| y.cwe.contains(c)) {
                    continue;
                }
                let (keep, lose) = if rank(y) > rank(x) { (j, i) } else { (i, j) };
                drop[lose] = true;
                if findings[keep].fix.is_none() {
                    findings[keep].fix = findings[lose].fix.take();
                }
            }
        }
        start = end;
    }
    let mut index = 0;
    findings.retain(|_| {
        let keep = !drop[index];
        index += 1;
        keep
    });
}

/// One finding per rule and range: a helper's line reached from several
/// callers is reported once, with the first caller's path (by the position
/// of the source, then of the call), whichever order they were analysed in.
fn drop_repeats(findings: &mut Vec<Finding>) {
    fn key(f: &Finding) -> (usize, usize, &str, (usize, usize)) {
        let at = |n: usize| f.related.get(n).map_or(0, |r| r.range.start);
        let path = (at(0), at(f.related.len().max(1) - 1));
        (f.range.start, f.range.end, f.rule_id.as_str(), path)
    }
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&findings[a], &findings[b]);
        key(x).cmp(&key(y)).then_with(|| x.message.cmp(&y.message))
    });
    let mut drop = vec![false; findings.len()];
    for pair in order.windows(2) {
        let (x, y) = (&findings[pair[0]], &findings[pair[1]]);
        if x.range == y.range && x.rule_id == y.rule_id {
            drop[pair[1]] = true;
        }
    }
    if drop.iter().any(|&d| d) {
        let mut index = 0;
        findings.retain(|_| {
            let keep = !drop[index];
            index += 1;
            keep
        });
    }
}

/// Where the line of each finding's start begins: findings on one line share
/// it. Each looks back to the previous line break only, so the cost follows
/// the findings, not the file (this runs on every edit).
fn line_starts(findings: &[Finding], text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    findings
        .iter()
        .map(|f| crate::text::line_start(bytes, f.range.start.min(bytes.len())))
        .collect()
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
