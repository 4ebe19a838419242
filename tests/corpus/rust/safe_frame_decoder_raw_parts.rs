/// Splits length-prefixed frames out of a datagram.
pub struct Frames<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Frames<'a> {
    pub fn next_frame(&mut self) -> Option<&'a [u8]> {
        if self.at + 2 > self.data.len() {
            return None;
        }
        let size = u16::from_le_bytes([self.data[self.at], self.data[self.at + 1]]);
        if self.at + 2 + usize::from(size) > self.data.len() {
            return None;
        }
        let size = size as usize;
        let body = unsafe { self.data.as_ptr().add(self.at + 2) }; // expect: CWE-676
        let frame = unsafe { std::slice::from_raw_parts(body, size) }; // expect: CWE-676
        self.at += 2 + size;
        Some(frame)
    }
}
