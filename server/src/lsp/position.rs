//! Conversion between LSP positions and byte offsets. The only place that
//! knows about UTF-16 code units: everything below the LSP edge uses bytes.

use ropey::Rope;
use tower_lsp_server::lsp_types::{Position, Range};

/// How the client counts characters in a line, negotiated at `initialize`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

/// Byte offset of `pos`, or `None` when its line is past the end of the text.
/// A character past the end of its line means the end of the line, as the
/// protocol asks.
pub fn to_byte(rope: &Rope, pos: Position, encoding: Encoding) -> Option<usize> {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        // One past the last line is accepted when it is position 0 of an
        // empty trailing line; ropey counts that line already.
        return None;
    }
    let line_start = rope.line_to_byte(line);
    let line_end = line_start + line_content_len(rope, line);
    let byte = match encoding {
        Encoding::Utf8 => line_start
            .saturating_add(pos.character as usize)
            .min(line_end),
        Encoding::Utf16 => {
            let start_char = rope.byte_to_char(line_start);
            let start_cu = rope.char_to_utf16_cu(start_char);
            let end_cu = rope.char_to_utf16_cu(rope.byte_to_char(line_end));
            let cu = (start_cu + pos.character as usize).min(end_cu);
            rope.char_to_byte(rope.utf16_cu_to_char(cu))
        }
    };
    // A UTF-8 column inside a character moves back to its start.
    Some(floor_char_boundary(rope, byte))
}

/// The LSP position of a byte offset (clamped to the text).
pub fn to_position(rope: &Rope, byte: usize, encoding: Encoding) -> Position {
    let byte = floor_char_boundary(rope, byte.min(rope.len_bytes()));
    let line = rope.byte_to_line(byte);
    let line_start = rope.line_to_byte(line);
    let character = match encoding {
        Encoding::Utf8 => byte - line_start,
        Encoding::Utf16 => {
            rope.char_to_utf16_cu(rope.byte_to_char(byte))
                - rope.char_to_utf16_cu(rope.byte_to_char(line_start))
        }
    };
    Position::new(line as u32, character as u32)
}

pub fn to_range(rope: &Rope, range: std::ops::Range<usize>, encoding: Encoding) -> Range {
    Range::new(
        to_position(rope, range.start, encoding),
        to_position(rope, range.end, encoding),
    )
}

pub fn to_byte_range(
    rope: &Rope,
    range: Range,
    encoding: Encoding,
) -> Option<std::ops::Range<usize>> {
    let start = to_byte(rope, range.start, encoding)?;
    let end = to_byte(rope, range.end, encoding)?;
    (start <= end).then_some(start..end)
}

/// Bytes of line `line` without its line break.
fn line_content_len(rope: &Rope, line: usize) -> usize {
    let slice = rope.line(line);
    let mut len = slice.len_bytes();
    for _ in 0..2 {
        if len == 0 {
            break;
        }
        let last = slice.byte(len - 1);
        if last == b'\n' || last == b'\r' {
            len -= 1;
        } else {
            break;
        }
    }
    len
}

fn floor_char_boundary(rope: &Rope, byte: usize) -> usize {
    rope.char_to_byte(rope.byte_to_char(byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_surrogate_pairs_and_utf8_counts_bytes() {
        // "a😀b" : 😀 is 2 UTF-16 code units and 4 bytes.
        let rope = Rope::from_str("x\na😀b = 漢字\n");
        let b = to_byte(&rope, Position::new(1, 3), Encoding::Utf16).unwrap();
        assert_eq!(&rope.to_string()[b..b + 1], "b");
        let b8 = to_byte(&rope, Position::new(1, 5), Encoding::Utf8).unwrap();
        assert_eq!(b, b8);
        assert_eq!(to_position(&rope, b, Encoding::Utf16), Position::new(1, 3));
        assert_eq!(to_position(&rope, b, Encoding::Utf8), Position::new(1, 5));
        // CJK: one code unit each in UTF-16, three bytes in UTF-8.
        let end = rope.len_bytes() - 1;
        assert_eq!(
            to_position(&rope, end, Encoding::Utf16),
            Position::new(1, 9)
        );
        assert_eq!(
            to_position(&rope, end, Encoding::Utf8),
            Position::new(1, 15)
        );
    }

    #[test]
    fn combining_marks_and_clamping() {
        // e + COMBINING ACUTE ACCENT: two code units, three bytes.
        let rope = Rope::from_str("e\u{301}x\r\nnext");
        let b = to_byte(&rope, Position::new(0, 2), Encoding::Utf16).unwrap();
        assert_eq!(b, 3);
        // Past the end of the line: the end of the line, before "\r\n".
        assert_eq!(
            to_byte(&rope, Position::new(0, 99), Encoding::Utf16),
            Some(4)
        );
        // A line past the end is refused.
        assert_eq!(to_byte(&rope, Position::new(5, 0), Encoding::Utf16), None);
        // Splitting a surrogate pair rounds down.
        let rope = Rope::from_str("😀");
        assert_eq!(
            to_byte(&rope, Position::new(0, 1), Encoding::Utf16),
            Some(0)
        );
    }
}
