use std::io::Read;
use std::net::TcpStream;

pub fn read_frame(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut header = [0u8; 4];
    stream.read_exact(&mut header)?;
    let len = u32::from_be_bytes(header) as usize;
    let mut buf = Vec::with_capacity(len);
    unsafe {
        buf.set_len(len); // expect: CWE-787
    }
    stream.read_exact(&mut buf)?;
    Ok(buf)
}
