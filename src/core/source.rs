//! Source text positions: byte offsets to 1-based lines and character columns.

use crate::core::diag::Pos;

/// Maps byte offsets of a text to 1-based line and character column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text` (`\n`, so CRLF works too).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The position of byte `offset` in `text` (the text this index was built from).
    /// Offsets past the end or inside a character clamp to a valid position.
    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let mut end = offset;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let col = text[start..end].chars().count() + 1;
        Pos::new(u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(col).unwrap_or(u32::MAX))
    }
}

/// The 1-based line of byte `offset` in `bytes` (which may not be UTF-8).
pub fn line_of_byte(bytes: &[u8], offset: usize) -> u32 {
    let n = bytes[..offset.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1;
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_char_columns() {
        let t = "ab\r\ncé d\nx";
        let ix = LineIndex::new(t);
        assert_eq!(ix.pos(t, 0), Pos::new(1, 1));
        assert_eq!(ix.pos(t, 4), Pos::new(2, 1));
        // 'd' is after the two-byte 'é': byte 8, char column 4.
        assert_eq!(ix.pos(t, 8), Pos::new(2, 4));
        assert_eq!(ix.pos(t, t.len()), Pos::new(3, 2));
        assert_eq!(ix.pos(t, 999), Pos::new(3, 2));
    }

    #[test]
    fn byte_lines() {
        assert_eq!(line_of_byte(b"a\nb\n\xff", 4), 3);
    }
}
