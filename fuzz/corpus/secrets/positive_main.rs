use std::env;

const SLACK_TOKEN: &str = "xoxb-686270149432-1022344558353-Ht8RVkGYZC7nqV2VADJHONXO"; // expect: secret-slack-token

fn main() {
    let api_key = "g6szXneL7rDVFvMfSbdKfOi3AmB4QQLL"; // expect: secret-generic
    let client = Client::new(r#"sk-proj-k7z7gTqBu4wweocv81k2lsNaWQrZzhB4GZqT8hqt0pmpsLww"#); // expect: secret-openai-key
    let cfg = Config { password: "1WMXsmVbgZ!#".to_string() }; // expect: secret-generic
    let _ = env::var("HOME");
}
