//! The command line: `scan` walks files and reports findings as text, JSON or
//! SARIF; `rules` and `explain` print the rule documentation.

pub mod accuracy;
pub mod check;
pub mod diff;
pub mod report;
pub mod rules_doc;
pub mod sarif;
pub mod scan;

/// Exit codes, shared by every subcommand.
pub mod exit {
    /// Nothing at or above the `--fail-on` level.
    pub const CLEAN: i32 = 0;
    /// Findings at or above the `--fail-on` level.
    pub const FINDINGS: i32 = 1;
    /// Bad usage or an I/O error.
    pub const ERROR: i32 = 2;
}
