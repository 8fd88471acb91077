//! The line a CSV record is on. The csv reader places a record that follows
//! a `\r\n` at the `\n`, so it numbers it a line before the line it is on;
//! [`LineEnds`] looks at the byte where the first record starts and adds
//! that line back, taking the header's line end for every line's (a file
//! that mixes `\n` and `\r\n` is numbered by its first). A record after
//! blank lines is numbered as the first of them, whatever the line ends.

use std::fs::File;
use std::os::unix::fs::FileExt;

/// How a CSV file's lines end, as far as numbering them goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineEnds {
    crlf: bool,
}

impl LineEnds {
    /// The line ends of `file`, whose first record the reader places at byte `first`.
    pub fn of(file: &File, first: u64) -> Self {
        let mut byte = [0u8];
        Self {
            crlf: file.read_exact_at(&mut byte, first).is_ok() && byte[0] == b'\n',
        }
    }

    /// The line of a record (or an error) the reader places at `position`.
    pub fn line(self, position: &csv::Position) -> u64 {
        position.line() + u64::from(self.crlf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines `text`'s records are on, as read from a file.
    fn lines(text: &str) -> Vec<u64> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, text).unwrap();
        let mut reader = csv::Reader::from_path(&path).unwrap();
        reader.byte_headers().unwrap();
        let ends = LineEnds::of(&File::open(&path).unwrap(), reader.position().byte());
        let mut record = csv::ByteRecord::new();
        let mut lines = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            lines.push(ends.line(record.position().unwrap()));
        }
        lines
    }

    #[test]
    fn records_are_on_the_same_lines_whatever_ends_them() {
        // A quoted cell across a line end.
        let rows = ["a,b", "x,1", "\"q", "r\",2", "y,3", ""];
        assert_eq!(lines(&rows.join("\n")), [2, 3, 5]);
        assert_eq!(lines(&rows.join("\r\n")), [2, 3, 5]);
        // A blank line before the last record: the record is numbered as the blank line.
        let rows = ["a,b", "x,1", "", "y,3", ""];
        assert_eq!(lines(&rows.join("\n")), [2, 3]);
        assert_eq!(lines(&rows.join("\r\n")), [2, 3]);
    }
}
