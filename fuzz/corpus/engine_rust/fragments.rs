// Snippets as assistants paste them: no `use` lines, no enclosing function,
// and a tail that does not parse.
let key = Key::<Aes256Gcm>::from_slice(b"0123456789abcdef0123456789abcdef"); // expect: rs-hardcoded-crypto-key
let digest = Md5::new(); // expect: rs-weak-hash
let argv: Vec<String> = env::args().collect();
let out = Command::new("sh").arg("-c").arg(&argv[1]).output()?; // expect: rs-shell-injection
let t: u32 = unsafe { mem::transmute(1.0f32) }; // expect: rs-transmute, rs-unsafe-block
let client = Client::builder().danger_accept_invalid_certs(true) // expect: rs-tls-verify-disabled
    .build()?
fn broken( {
