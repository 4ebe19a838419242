//! Byte positions in source text.

/// The byte offset where the line holding byte `at` starts.
///
/// `at` may be one past the end (the end of the last line).
pub fn line_start(text: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::line_start;

    #[test]
    fn finds_the_start_of_the_line_holding_a_position() {
        let text = b"ab\ncd\n\nef";
        assert_eq!(line_start(text, 0), 0);
        assert_eq!(line_start(text, 2), 0, "a line break belongs to its line");
        assert_eq!(line_start(text, 3), 3);
        assert_eq!(line_start(text, 4), 3);
        assert_eq!(line_start(text, 6), 6, "an empty line starts at itself");
        assert_eq!(line_start(text, 9), 7, "one past the end");
    }
}
