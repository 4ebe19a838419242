use std::env;

fn main() {
    let invoked_as = env::args().next().unwrap_or_default(); // expect: CWE-807
    if invoked_as.ends_with("sudo-lite") {
        run_privileged();
    } else {
        run_normal();
    }
}
