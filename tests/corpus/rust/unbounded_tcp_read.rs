use std::io::{Read, Write};
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:7878")?;
    for stream in listener.incoming() {
        let mut stream = stream?;
        let mut request = String::new();
        stream.read_to_string(&mut request)?; // expect: CWE-400
        stream.write_all(request.as_bytes())?;
    }
    Ok(())
}
