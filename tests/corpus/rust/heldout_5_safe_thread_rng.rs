use rand::Rng;
fn generate_token() -> String {
    let mut rng = rand::thread_rng();
    (0..32).map(|_| rng.gen_range(b'a'..=b'z') as char).collect()
}
fn safe() {}
