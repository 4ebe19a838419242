use std::env;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let host = env::args().nth(1).ok_or("missing host")?;
    let url = format!("http://{}/status", host);
    let body = reqwest::blocking::get(&url)?.text()?; // expect: CWE-918
    println!("{body}");
    Ok(())
}
