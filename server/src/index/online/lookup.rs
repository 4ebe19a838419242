//! Asking the user's own package tools whether a name exists: `pip index
//! versions NAME` for Python and `cargo info NAME` (or `cargo search` on an
//! older cargo) for crates. The tools read their own configuration (pip's
//! index URL, cargo's registries and mirrors), so this module names no
//! registry. Blocking, bounded by a timeout; run it off any thread that must
//! stay responsive.
//!
//! `SUGGESTGUARD_PIP` and `SUGGESTGUARD_CARGO` name other programs to run in
//! their place (a wrapper, a pinned interpreter's pip). They are read from
//! the environment only: a settings file in a repository someone else wrote
//! must not be able to choose a program to run.

use super::{Answer, Query};
use crate::index::names::{normalize_crate, normalize_python, Ecosystem};
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One lookup may take this long before it counts as failed.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// The most lookups run at once.
pub const CONCURRENCY: usize = 4;

/// What one run of a tool produced.
struct Output {
    success: bool,
    text: String,
}

/// How a tool is started: a program and the arguments before our own.
#[derive(Clone, Debug)]
struct Tool {
    program: PathBuf,
    prefix: Vec<String>,
}

/// Run `tool args...` in a neutral directory (not the project, whose
/// configuration we did not choose) with a time limit. `Err` when it could
/// not start, `Ok(None)` when it ran out of time.
fn run(tool: &Tool, args: &[&str], timeout: Duration) -> std::io::Result<Option<Output>> {
    let mut child = Command::new(&tool.program)
        .args(&tool.prefix)
        .args(args)
        .current_dir(std::env::temp_dir())
        .env("NO_COLOR", "1")
        .env("CARGO_TERM_COLOR", "never")
        .env("PIP_NO_INPUT", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_string(&mut text);
            }
            text
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    // After a timeout the readers are left to finish on their own: a
    // grandchild (a wrapper script's tool) may hold the pipes open a while.
    let Some(status) = status else {
        return Ok(None);
    };
    let mut text = out.join().unwrap_or_default();
    text.push('\n');
    text.push_str(&err.join().unwrap_or_default());
    Ok(Some(Output {
        success: status.success(),
        text,
    }))
}

fn from_env(var: &str) -> Option<Tool> {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(|program| Tool {
            program: program.into(),
            prefix: Vec::new(),
        })
}

/// Look `query` up with the user's tool for its ecosystem.
pub fn lookup(query: &Query) -> Answer {
    lookup_within(query, TIMEOUT)
}

pub fn lookup_within(query: &Query, timeout: Duration) -> Answer {
    match query.ecosystem {
        Ecosystem::PyPI => python(&query.name, timeout),
        Ecosystem::Crates => rust(&query.name, timeout),
    }
}

// ---------------------------------------------------------------- Python

const PIP_OPTIONS: [&str; 6] = [
    "--disable-pip-version-check",
    "--retries",
    "1",
    "--timeout",
    "15",
    "index",
];

/// `pip index versions NAME` with the first pip that starts.
fn pip_versions(name: &str, timeout: Duration) -> Option<Output> {
    let mut args: Vec<&str> = PIP_OPTIONS.to_vec();
    args.extend(["versions", name]);
    if let Some(tool) = from_env("SUGGESTGUARD_PIP") {
        return run(&tool, &args, timeout).ok().flatten();
    }
    let candidates = [
        ("pip", vec![]),
        ("pip3", vec![]),
        ("python3", vec!["-m", "pip"]),
        ("python", vec!["-m", "pip"]),
    ];
    // The first one that starts answers, even by timing out.
    candidates.into_iter().find_map(|(program, prefix)| {
        let tool = Tool {
            program: program.into(),
            prefix: prefix.into_iter().map(str::to_owned).collect(),
        };
        run(&tool, &args, timeout).ok()
    })?
}

/// What pip's answer about `name` means. pip says "no matching
/// distribution" both when the name is unknown and when the index cannot be
/// reached, so "missing" is believed only when pip can see a name that
/// surely exists ([`pip_reaches_index`]).
fn python(name: &str, timeout: Duration) -> Answer {
    let Some(out) = pip_versions(name, timeout) else {
        return Answer::Unknown;
    };
    if out.success && names_python(&out.text, name) {
        return Answer::Exists;
    }
    let not_found = out.text.contains("No matching distribution found");
    if not_found && pip_reaches_index(timeout) {
        Answer::Missing
    } else {
        Answer::Unknown
    }
}

/// Does pip's listing start with `name (version)` for this name?
fn names_python(text: &str, name: &str) -> bool {
    text.lines().any(|line| {
        line.split_once(" (")
            .is_some_and(|(n, _)| normalize_python(n) == normalize_python(name))
    })
}

/// Can pip list the versions of pip itself? Remembered for ten minutes.
fn pip_reaches_index(timeout: Duration) -> bool {
    static LAST: Mutex<Option<(Instant, bool)>> = Mutex::new(None);
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((at, ok)) = *last {
        if at.elapsed() < Duration::from_secs(600) {
            return ok;
        }
    }
    let ok =
        pip_versions("pip", timeout).is_some_and(|o| o.success && names_python(&o.text, "pip"));
    *last = Some((Instant::now(), ok));
    ok
}

// ---------------------------------------------------------------- Rust

fn cargo() -> Tool {
    from_env("SUGGESTGUARD_CARGO").unwrap_or(Tool {
        program: "cargo".into(),
        prefix: Vec::new(),
    })
}

/// `cargo info NAME`: success means it exists; "could not find" means the
/// registry answered without it. Cargo before 1.82 has no `info`: then
/// `cargo search`, whose list must hold the exact name.
fn rust(name: &str, timeout: Duration) -> Answer {
    let tool = cargo();
    let Ok(Some(out)) = run(&tool, &["info", "--quiet", name], timeout) else {
        return Answer::Unknown;
    };
    if out.success {
        return Answer::Exists;
    }
    if out.text.contains("could not find `") {
        return Answer::Missing;
    }
    if !out.text.contains("no such command") {
        return Answer::Unknown;
    }
    let Ok(Some(out)) = run(&tool, &["search", "--limit", "5", name], timeout) else {
        return Answer::Unknown;
    };
    if !out.success {
        return Answer::Unknown;
    }
    let listed = out.text.lines().any(|line| {
        line.split_once(" = ")
            .is_some_and(|(n, _)| normalize_crate(n.trim()) == normalize_crate(name))
    });
    if listed {
        Answer::Exists
    } else {
        Answer::Missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pip_listing_is_read_by_normalised_name() {
        let text =
            "WARNING: pip index is experimental.\nPyYAML (6.0.3)\nAvailable versions: 6.0.3\n";
        assert!(names_python(text, "pyyaml"));
        assert!(!names_python(text, "py-yaml-extra"));
        assert!(!names_python(
            "ERROR: No matching distribution found for x",
            "x"
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_tool_that_hangs_is_stopped_at_the_timeout() {
        let tool = Tool {
            program: "sh".into(),
            prefix: vec!["-c".into(), "sleep 5".into()],
        };
        let started = Instant::now();
        assert!(run(&tool, &[], Duration::from_millis(200))
            .unwrap()
            .is_none());
        assert!(started.elapsed() < Duration::from_secs(3));
        let quick = Tool {
            program: "sh".into(),
            prefix: vec!["-c".into(), "echo out; echo err >&2; exit 3".into()],
        };
        let out = run(&quick, &[], Duration::from_secs(5))
            .unwrap()
            .expect("ran");
        assert!(!out.success);
        assert!(
            out.text.contains("out") && out.text.contains("err"),
            "{}",
            out.text
        );
    }
}
