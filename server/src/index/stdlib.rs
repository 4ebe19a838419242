//! The Python standard library's top-level modules (3.8 to 3.14, and the
//! Python 2 names compatibility code still imports), and the
//! Rust crates that come with the toolchain: imports of these are never
//! third-party packages.

use std::collections::HashSet;
use std::sync::OnceLock;

const PYTHON_STDLIB: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/python-stdlib.txt"
));

/// Is `module` (top-level name) part of the Python standard library?
pub fn is_python_stdlib(module: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        PYTHON_STDLIB
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
    .contains(module)
}

/// Modules of Rust's standard library (and `std::sync`'s `mpsc` and
/// `atomic`): a path starting with one was bound by a `use` of std the file
/// may not show (a glob, a parent module's import), not a crate of that name.
pub fn is_rust_std_module(segment: &str) -> bool {
    matches!(
        segment,
        "any"
            | "arch"
            | "array"
            | "ascii"
            | "backtrace"
            | "borrow"
            | "boxed"
            | "cell"
            | "clone"
            | "cmp"
            | "collections"
            | "convert"
            | "default"
            | "env"
            | "error"
            | "ffi"
            | "fmt"
            | "fs"
            | "future"
            | "hash"
            | "hint"
            | "io"
            | "iter"
            | "marker"
            | "mem"
            | "net"
            | "num"
            | "ops"
            | "option"
            | "os"
            | "panic"
            | "path"
            | "pin"
            | "prelude"
            | "primitive"
            | "process"
            | "ptr"
            | "rc"
            | "result"
            | "slice"
            | "string"
            | "sync"
            | "task"
            | "thread"
            | "time"
            | "vec"
            | "mpsc"
            | "atomic"
            | "intrinsics"
            | "simd"
    )
}

/// First path segments that never name a dependency in Rust.
pub fn is_rust_builtin(segment: &str) -> bool {
    matches!(
        segment,
        "std"
            | "core"
            | "alloc"
            | "proc_macro"
            | "test"
            | "crate"
            | "self"
            | "super"
            | "Self"
            | "bool"
            | "char"
            | "str"
            | "f32"
            | "f64"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
            | "u8"
            | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdlib_across_versions() {
        for m in [
            "os",
            "json",
            "tomllib",
            "zoneinfo",
            "distutils",
            "asyncore",
            "__future__",
        ] {
            assert!(is_python_stdlib(m), "{m}");
        }
        for m in ["requests", "yaml", "numpy"] {
            assert!(!is_python_stdlib(m), "{m}");
        }
    }
}
