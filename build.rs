//! Rebuild when a rule file is added, changed or removed: the rules are
//! embedded with `include_dir!`, which does not tell Cargo about new files.
fn main() {
    println!("cargo:rerun-if-changed=rules");
}
