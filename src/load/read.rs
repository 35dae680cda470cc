//! Reading one content file: a record (front matter split, YAML parsed)
//! or a schema file, as text within the size limit, every problem a
//! diagnostic.

use std::path::Path;

use super::{FrontMatter, RawRecord, YamlFile, bundle, inside, split_front_matter};
use crate::core::confine::ReadError;
use crate::core::diag::{Diagnostic, Diagnostics, Pos, rel_path};
use crate::core::yaml::{self, Node, NodeKind, YamlLimits};
use crate::model::RecordFormat;

/// Reads a file as UTF-8 text within the size limit.
pub fn read_text(
    root: &Path,
    path: &Path,
    max_bytes: u64,
    diags: &mut Diagnostics,
) -> Option<String> {
    let rel = rel_path(root, path);
    // The one reader of files a pull request can add (core::confine).
    let bytes = match crate::core::confine::read_file(root, path, max_bytes) {
        Ok(bytes) => bytes,
        Err(ReadError::Refused(_)) => {
            // Named as every link not followed is.
            inside(root, path, diags);
            return None;
        }
        Err(ReadError::NotRegular) => {
            diags.push(
                Diagnostic::error(rel, Pos::START, "not a regular file")
                    .with_help("replace it with a text file, or remove it"),
            );
            return None;
        }
        Err(ReadError::TooLarge(n)) => {
            diags.push(
                Diagnostic::error(
                    rel,
                    Pos::START,
                    format!("the file is {n} bytes, over the limit of {max_bytes} bytes"),
                )
                .with_help(
                    "split it into several records, or raise [limits] max-file-bytes in book.toml",
                ),
            );
            return None;
        }
        Err(ReadError::Grew) => {
            diags.push(Diagnostic::error(
                rel,
                Pos::START,
                format!("the file grew over the limit of {max_bytes} bytes while it was read"),
            ));
            return None;
        }
        Err(ReadError::Missing) => {
            let e = std::io::Error::from(std::io::ErrorKind::NotFound);
            diags.push(Diagnostic::error(rel, Pos::START, format!("cannot read: {e}")));
            return None;
        }
        Err(ReadError::Io(e)) => {
            diags.push(Diagnostic::error(rel, Pos::START, format!("cannot read: {e}")));
            return None;
        }
    };
    // UTF-16 (Notepad's "Unicode"): with its byte-order mark it is no
    // UTF-8 at all; without, ASCII text with a NUL after (or before)
    // every character still is, and would fail later, and oddly.
    let utf16 = bytes.starts_with(&[0xff, 0xfe])
        || bytes.starts_with(&[0xfe, 0xff])
        || (bytes.len() >= 4
            && ((bytes[1] == 0 && bytes[3] == 0 && bytes[0] != 0 && bytes[2] != 0)
                || (bytes[0] == 0 && bytes[2] == 0 && bytes[1] != 0 && bytes[3] != 0)));
    if utf16 {
        diags.push(Diagnostic::error(rel, Pos::START, "the file is UTF-16, not UTF-8").with_help(
            "save it as UTF-8 (in Notepad: File → Save as → Encoding: UTF-8; in VS Code: \
                 the encoding in the status bar → Save with Encoding → UTF-8)",
        ));
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Some(s)
        }
        Err(e) => {
            let bytes = e.as_bytes();
            let bad = e.utf8_error().valid_up_to();
            let line = crate::core::source::line_of_byte(bytes, bad);
            let line_start = bytes[..bad].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&bytes[line_start..bad]).chars().count() + 1;
            let byte = bytes[bad];
            // A lone byte from 0x80 up is, most often, a character of a
            // file saved as Windows-1252 ("ANSI", Latin-1): named, since
            // "0xE9" means nothing to whoever typed `é`.
            let (ch, _, unmapped) = encoding_rs::WINDOWS_1252.decode(&bytes[bad..=bad]);
            let named = ch.chars().next().filter(|c| !unmapped && byte >= 0x80 && !c.is_control());
            let message = match named {
                Some(c) => format!(
                    "invalid UTF-8: the byte 0x{byte:02X} here is `{c}` in Windows-1252 \
                     (Latin-1), which the file seems to be saved in"
                ),
                None => format!("invalid UTF-8 (byte 0x{byte:02X})"),
            };
            diags.push(
                Diagnostic::error(
                    rel,
                    Pos::new(line, u32::try_from(col).unwrap_or(u32::MAX)),
                    message,
                )
                .with_help(
                    "save the file as UTF-8 (in Notepad: File → Save as → Encoding: UTF-8; in \
                     VS Code: the encoding in the status bar → Save with Encoding → UTF-8)",
                ),
            );
            None
        }
    }
}

pub(super) fn read_yaml_file(
    root: &Path,
    path: &Path,
    max_bytes: u64,
    limits: YamlLimits,
    diags: &mut Diagnostics,
) -> Option<YamlFile> {
    let text = read_text(root, path, max_bytes, diags)?;
    let rel = rel_path(root, path);
    match yaml::parse_keeping_going(&text, 0, limits) {
        Ok((node, duplicates)) => {
            push_yaml_errors(&rel, duplicates, diags);
            Some(YamlFile { path: rel, node })
        }
        Err(e) => {
            diags.push(Diagnostic::error(rel, e.pos, e.message).with_help_opt(e.help));
            None
        }
    }
}

fn push_yaml_errors(rel: &str, errors: Vec<yaml::YamlError>, diags: &mut Diagnostics) {
    for e in errors {
        diags.push(Diagnostic::error(rel.to_owned(), e.pos, e.message).with_help_opt(e.help));
    }
}

pub(super) fn read_record(
    root: &Path,
    collection: &str,
    collection_dir: &Path,
    path: &Path,
    max_bytes: u64,
    limits: YamlLimits,
    diags: &mut Diagnostics,
) -> Option<RawRecord> {
    let text = read_text(root, path, max_bytes, diags)?;
    let rel = rel_path(root, path);
    let stem = bundle::record_stem(collection_dir, path);
    let is_md = path.extension().and_then(|e| e.to_str()) == Some("md");
    let (yaml_text, line_offset, body, format) = if is_md {
        match split_front_matter(&text) {
            Ok(FrontMatter { yaml, yaml_line, body, body_line }) => {
                // Windows line ends become `\n`, as YAML's do: pages never
                // show a `\r`, but datasets print the body as it is.
                // (Only before a `\n`: lines, and columns in them, stay.)
                let body = if body.contains("\r\n") {
                    body.replace("\r\n", "\n")
                } else {
                    body.to_owned()
                };
                (yaml, yaml_line - 1, Some((body, body_line)), RecordFormat::Markdown)
            }
            Err(_) if text.trim().is_empty() => {
                diags.push(Diagnostic::error(rel, Pos::START, "the file is empty").with_help(
                    "write a record (a line `---`, its fields, another `---`, then the \
                         body), or delete the file",
                ));
                return None;
            }
            Err(d) => {
                diags.push(d.into_diagnostic(rel));
                return None;
            }
        }
    } else {
        (text.as_str(), 0, None, RecordFormat::Yaml)
    };
    let node = match yaml::parse_keeping_going(yaml_text, line_offset, limits) {
        Ok((n, duplicates)) => {
            push_yaml_errors(&rel, duplicates, diags);
            for w in yaml::lost_text(yaml_text, line_offset) {
                diags
                    .push(Diagnostic::warning(rel.clone(), w.pos, w.message).with_help_opt(w.help));
            }
            n
        }
        Err(e) => {
            diags.push(Diagnostic::error(rel, e.pos, e.message).with_help_opt(e.help));
            return None;
        }
    };
    let fields = match node.kind {
        NodeKind::Map(_) => node,
        NodeKind::Null => Node {
            kind: NodeKind::Map(Vec::new()),
            pos: node.pos,
            written: None,
            block: crate::core::yaml::Block::No,
        },
        _ => {
            diags.push(
                Diagnostic::error(
                    rel,
                    node.pos,
                    format!("a record must be a mapping of fields, not {}", node.type_name()),
                )
                .with_help("write one `field: value` per line, starting with `title:`"),
            );
            return None;
        }
    };
    Some(RawRecord { collection: collection.to_owned(), path: rel, stem, format, fields, body })
}
