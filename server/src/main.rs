//! `suggestguard`: the language server and the command line.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use suggestguard::cli::{check, diff, exit, report, rules_doc, sarif, scan};
use suggestguard::config::Config;
use suggestguard::engine::Engine;
use suggestguard::finding::Severity;

#[derive(Parser)]
#[command(
    name = "suggestguard",
    version,
    about = "Security feedback on AI-suggested code: a language server and a scanner",
    long_about = "Finds injection flaws, insecure patterns, hard-coded secrets and suspicious \
                  packages in Python and Rust code, locally. Run `suggestguard lsp` from an \
                  editor, or `suggestguard scan` in a terminal or CI."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the language server over stdin/stdout (editors start this).
    Lsp,
    /// Scan files and directories and report findings.
    Scan(ScanArgs),
    /// List the rules.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Check a snippet read from standard input before accepting it; prints findings as JSON.
    Check(CheckArgs),
    /// Print a rule's explanation.
    Explain {
        /// The rule id, as shown in findings (e.g. py-yaml-load).
        rule: String,
    },
    /// Recall and false positives per CWE on a labelled corpus
    /// (`# expect: CWE-89` on vulnerable lines).
    #[command(hide = true)]
    Accuracy {
        /// The corpus directory.
        dir: PathBuf,
    },
    /// Show, check against or refresh the local package index.
    #[command(subcommand)]
    Index(IndexCommand),
}

#[derive(Subcommand)]
enum IndexCommand {
    /// What index is loaded and how old it is.
    Status,
    /// Refresh the Python index from a project list (PEP 691 JSON or names one
    /// a line): FILE, or the index URL in your pip configuration.
    Update {
        /// A project list you downloaded; without it the configured index is asked.
        #[arg(long)]
        from: Option<PathBuf>,
    },
    /// Judge package names as the checks do (`pypi:NAME` or `crate:NAME`).
    Check {
        /// Names, each `pypi:NAME` or `crate:NAME` (`pypi:` is the default).
        names: Vec<String>,
    },
    /// Rebuild the index files from the TSV lists (maintainers; see docs/package-index.md).
    #[command(hide = true)]
    Build {
        #[arg(long)]
        pypi_tsv: PathBuf,
        #[arg(long)]
        crates_tsv: Option<PathBuf>,
        #[arg(long, default_value = "data/index")]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
    /// The rule reference page (docs/rules.md).
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum SnippetLanguage {
    Python,
    Rust,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// The snippet's language.
    #[arg(long)]
    lang: SnippetLanguage,
    /// Check the snippet as if inserted into this file (its imports and project count).
    #[arg(long)]
    file: Option<PathBuf>,
    /// Insert before this 1-based line of --file (default: after its last line).
    #[arg(long, requires = "file")]
    line: Option<usize>,
    /// Exit with 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,
    /// Settings file (default: ./suggestguard.toml when present).
    #[arg(long)]
    config: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
    /// Never fail because of findings.
    Never,
}

#[derive(clap::Args)]
struct ScanArgs {
    /// Files or directories to scan (default: the current directory).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit with 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,
    /// Only report findings at or above this severity.
    #[arg(long, value_enum)]
    min_severity: Option<FailOn>,
    /// Settings file (default: ./suggestguard.toml when present).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Write the report to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Do not print the summary line on standard error.
    #[arg(long, short)]
    quiet: bool,
    /// Only report findings on lines changed since this git revision (work tree
    /// against it, untracked files included), e.g. HEAD or origin/main.
    #[arg(long, value_name = "GIT_REF")]
    diff: Option<String>,
    /// Ask your own package tools (pip, cargo) about package names the local
    /// index does not know, and wait for their answers (cached on disk).
    #[arg(long)]
    online_packages: bool,
}

fn threshold(level: FailOn) -> Option<Severity> {
    match level {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Hint => Some(Severity::Hint),
        FailOn::Never => None,
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Lsp => run_lsp(),
        Command::Scan(args) => run_scan(args),
        Command::Rules { format } => run_rules(format),
        Command::Check(args) => run_check(args),
        Command::Explain { rule } => run_explain(&rule),
        Command::Index(cmd) => run_index(cmd),
        Command::Accuracy { dir } => run_accuracy(&dir),
    };
    ExitCode::from(code as u8)
}

fn run_lsp() -> i32 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("suggestguard: cannot start the async runtime: {e}");
            return exit::ERROR;
        }
    };
    let code = runtime.block_on(suggestguard::lsp::serve_stdio());
    // A read of stdin may still be blocked on a thread: do not wait for it.
    runtime.shutdown_background();
    code
}

fn load_config(path: Option<&PathBuf>) -> Result<Config, String> {
    let mut config = Config::default();
    let problems = match path {
        Some(file) => {
            if !file.is_file() {
                return Err(format!("{}: no such settings file", file.display()));
            }
            let dir = file.parent().unwrap_or(std::path::Path::new("."));
            if file
                .file_name()
                .is_some_and(|n| n == suggestguard::config::CONFIG_FILE)
            {
                config.apply_file(dir)
            } else {
                let text = std::fs::read_to_string(file)
                    .map_err(|e| format!("{}: {e}", file.display()))?;
                let table: toml::Table = toml::from_str(&text)
                    .map_err(|e| format!("{}: {}", file.display(), e.message()))?;
                let value = serde_json::to_value(table).map_err(|e| e.to_string())?;
                config
                    .apply(&value)
                    .into_iter()
                    .map(|p| format!("{}: {p}", file.display()))
                    .collect()
            }
        }
        None => config.apply_file(std::path::Path::new(".")),
    };
    for p in problems {
        eprintln!("suggestguard: warning: {p} (the default stays in force)");
    }
    Ok(config)
}

fn run_scan(args: ScanArgs) -> i32 {
    let mut config = match load_config(args.config.as_ref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("suggestguard: error: {e}");
            return exit::ERROR;
        }
    };
    let mut paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    // With --diff, only the changed files under the given paths are scanned.
    let scope = match &args.diff {
        Some(rev) => {
            let narrowed = diff::DiffScope::new(rev, &paths)
                .and_then(|scope| scope.files(&paths).map(|files| (scope, files)));
            match narrowed {
                Ok((scope, files)) => {
                    paths = files;
                    Some(scope)
                }
                Err(e) => {
                    eprintln!("suggestguard: error: {e}");
                    return exit::ERROR;
                }
            }
        }
        None => None,
    };
    config.online_package_checks |= args.online_packages;
    let engine = Engine::builtin();
    let started = std::time::Instant::now();
    // `--diff` compares each file's text with the revision's.
    let keep = match scope {
        Some(_) => scan::Keep::Text,
        None => scan::Keep::Positions,
    };
    let mut result = match scan::scan(&paths, &config, engine, keep) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("suggestguard: error: {e}");
            return exit::ERROR;
        }
    };
    if config.online_package_checks {
        scan::confirm_online(&mut result, &config, engine, args.quiet);
    }
    if let Some(Err(e)) = scope.as_ref().map(|s| s.retain_changed(&mut result)) {
        eprintln!("suggestguard: error: {e}");
        return exit::ERROR;
    }
    let min = args
        .min_severity
        .and_then(threshold)
        .unwrap_or(Severity::Hint);
    let keep = |f: &suggestguard::finding::Finding| f.severity >= min;

    // Written as it is made: a report of a large tree can be larger than
    // the memory it would take to hold it twice.
    let sink: Box<dyn Write> = match &args.output {
        Some(file) => match std::fs::File::create(file) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!(
                    "suggestguard: error: cannot write the report to {}: {e}",
                    file.display()
                );
                return exit::ERROR;
            }
        },
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, sink);
    let written = match args.format {
        Format::Text => {
            let color = args.output.is_none() && std::io::stdout().is_terminal();
            report::write_text(&mut out, &result.files, keep, color)
        }
        Format::Json => {
            use serde::Serializer;
            serde_json::Serializer::pretty(&mut out)
                .collect_seq(report::json_findings(&result.files, keep))
                .map_err(std::io::Error::other)
                .and_then(|_| writeln!(out))
        }
        Format::Sarif => {
            sarif::write(&mut out, &result.files, engine.rules(), keep).and_then(|_| writeln!(out))
        }
    };
    let output = written.and_then(|_| out.flush());
    if let Err(e) = output {
        eprintln!("suggestguard: error: cannot write the report: {e}");
        return exit::ERROR;
    }

    let reported: Vec<_> = result
        .files
        .iter()
        .flat_map(|f| f.findings.iter())
        .filter(|f| keep(f))
        .collect();
    if !args.quiet {
        for (path, reason) in &result.skipped {
            eprintln!("suggestguard: note: {}: {reason}", path.display());
        }
        let binary = match result.binary {
            0 => String::new(),
            1 => " (1 binary file skipped)".to_owned(),
            n => format!(" ({n} binary files skipped)"),
        };
        eprintln!(
            "suggestguard: scanned {} files{binary} in {} ms: {} findings",
            result.scanned,
            started.elapsed().as_millis(),
            reported.len()
        );
    }
    let failing = threshold(args.fail_on).is_some_and(|t| reported.iter().any(|f| f.severity >= t));
    if failing {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

fn run_rules(format: RulesFormat) -> i32 {
    let rules = Engine::builtin().rules();
    match format {
        RulesFormat::Text => {
            for r in rules.iter() {
                println!(
                    "{:<32} {:<8} {:<16} {}",
                    r.id,
                    r.severity.as_str(),
                    r.cwe_tags().join(","),
                    r.title
                );
            }
        }
        RulesFormat::Json => {
            let list: Vec<_> = rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "title": r.title, "severity": r.severity,
                        "cwe": r.cwe_tags(), "message": r.message,
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            );
        }
        RulesFormat::Markdown => print!("{}", rules_doc::markdown(rules)),
    }
    exit::CLEAN
}

fn run_check(args: CheckArgs) -> i32 {
    let config = match load_config(args.config.as_ref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("suggestguard: error: {e}");
            return exit::ERROR;
        }
    };
    let mut snippet = String::new();
    if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut snippet) {
        eprintln!("suggestguard: error: cannot read the snippet from standard input: {e}");
        return exit::ERROR;
    }
    let language = match args.lang {
        SnippetLanguage::Python => suggestguard::lang::Language::Python,
        SnippetLanguage::Rust => suggestguard::lang::Language::Rust,
    };
    let report = match check::check(&snippet, language, args.file.as_deref(), args.line, &config) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("suggestguard: error: {e}");
            return exit::ERROR;
        }
    };
    let files = [report];
    let findings: Vec<_> = report::json_findings(&files, |_| true).collect();
    match serde_json::to_string_pretty(&findings) {
        Ok(json) => println!("{json}"),
        Err(e) => {
            eprintln!("suggestguard: error: {e}");
            return exit::ERROR;
        }
    }
    let failing = threshold(args.fail_on).is_some_and(|t| findings.iter().any(|f| f.severity >= t));
    if failing {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

fn run_explain(id: &str) -> i32 {
    match Engine::builtin().rules().get(id) {
        Some(rule) => {
            println!("{}", rule.explanation_markdown());
            exit::CLEAN
        }
        None => {
            eprintln!("suggestguard: error: unknown rule `{id}`; `suggestguard rules` lists them");
            exit::ERROR
        }
    }
}

fn run_index(cmd: IndexCommand) -> i32 {
    use suggestguard::index::{self, names::Ecosystem, verdict, PackageIndex};
    match cmd {
        IndexCommand::Status => {
            print!("{}", PackageIndex::global().status());
            exit::CLEAN
        }
        IndexCommand::Update { from } => {
            let text = match &from {
                Some(file) => std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display())),
                None => match index::update::pip_index_url() {
                    Some(url) => index::update::fetch(&url),
                    None => Err("no package index URL in your pip configuration (PIP_INDEX_URL or index-url in pip.conf); pass --from FILE".to_owned()),
                },
            };
            let Some(dir) = index::user_index_dir() else {
                eprintln!("suggestguard: error: no data directory (set SUGGESTGUARD_DATA_DIR)");
                return exit::ERROR;
            };
            match text
                .and_then(|t| index::update::update_from_text(PackageIndex::global(), &t, &dir))
            {
                Ok(summary) => {
                    println!("suggestguard: {summary}");
                    exit::CLEAN
                }
                Err(e) => {
                    eprintln!("suggestguard: error: {e}");
                    exit::ERROR
                }
            }
        }
        IndexCommand::Check { names } => {
            let idx = PackageIndex::global();
            for raw in names {
                let (eco, name) = match raw.split_once(':') {
                    Some(("crate" | "crates" | "rust", n)) => (Ecosystem::Crates, n),
                    Some((_, n)) => (Ecosystem::PyPI, n),
                    None => (Ecosystem::PyPI, raw.as_str()),
                };
                let v = verdict::judge(idx, eco, &eco.normalize(name));
                println!("{raw}\t{v:?}");
            }
            exit::CLEAN
        }
        IndexCommand::Build {
            pypi_tsv,
            crates_tsv,
            out,
        } => match index::build::build_from_tsv(&pypi_tsv, crates_tsv.as_deref(), &out) {
            Ok(summary) => {
                println!("suggestguard: wrote {summary} to {}", out.display());
                exit::CLEAN
            }
            Err(e) => {
                eprintln!("suggestguard: error: {e}");
                exit::ERROR
            }
        },
    }
}

fn run_accuracy(dir: &std::path::Path) -> i32 {
    match suggestguard::cli::accuracy::evaluate(dir, Engine::builtin(), &Config::default()) {
        Ok(report) => {
            print!("{}", report.details());
            exit::CLEAN
        }
        Err(e) => {
            eprintln!("suggestguard: error: {}: {e}", dir.display());
            exit::ERROR
        }
    }
}
