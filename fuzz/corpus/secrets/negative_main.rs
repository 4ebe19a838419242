fn main() {
    let token = std::env::var("GITHUB_TOKEN").expect("GITHUB_TOKEN is not set");
    let password = prompt("Password: ");
    let tokenizer = "bert-base-uncased";
    let commit = "f4722c79f6ada5e474def8bcb216f0ed162edf06";
}
