pub fn parse_header(buf: &[u8]) -> Option<(u32, &[u8])> {
    let len_bytes: [u8; 4] = buf.get(..4)?.try_into().ok()?;
    let len = u32::from_be_bytes(len_bytes) as usize;
    let payload = buf.get(4..4 + len)?;
    Some((len as u32, payload))
}

pub fn to_text(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    std::str::from_utf8(bytes)
}
