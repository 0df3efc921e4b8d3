//! Turning the bytes of a CSV file into text.
//!
//! The console writes UTF-8, with a BOM in the "create access key" download. A spreadsheet
//! program that re-saves the file may write UTF-16 with a BOM ("Unicode text" in Excel). Those
//! three are read; anything else must be UTF-8 without NUL bytes, or it is not text.

use zeroize::Zeroizing;

use super::error::CsvError;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16_LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16_BE_BOM: &[u8] = b"\xFE\xFF";

/// The text of a file, its BOM removed. The text holds the secrets, so it is wiped on drop.
pub(crate) fn decode(bytes: &[u8]) -> Result<Zeroizing<String>, CsvError> {
    let text = if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        utf8(rest)?
    } else if let Some(rest) = bytes.strip_prefix(UTF16_LE_BOM) {
        utf16(rest, u16::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(UTF16_BE_BOM) {
        utf16(rest, u16::from_be_bytes)?
    } else {
        utf8(bytes).map_err(|err| match looks_like_text(bytes) {
            true => CsvError::OtherEncoding,
            false => err,
        })?
    };
    // Text files have no NUL. UTF-16 text read without its BOM, and many binary formats that
    // happen to be valid UTF-8, do: refusing them here beats a confusing "no column" later.
    if text.contains('\0') {
        return Err(CsvError::NotText);
    }
    if text.trim().is_empty() {
        return Err(CsvError::Empty);
    }
    Ok(text)
}

/// No control characters but tab and line breaks: text in some 8-bit code page, not a binary
/// file (whose headers have them: PNG's `\x1a`, a zip file's NULs).
fn looks_like_text(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|&b| b >= 0x20 && b != 0x7f || matches!(b, b'\t' | b'\n' | b'\r'))
}

fn utf8(bytes: &[u8]) -> Result<Zeroizing<String>, CsvError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Zeroizing::new(text.to_owned())),
        Err(_) => Err(CsvError::NotText),
    }
}

/// Decodes UTF-16 in the byte order `unit` reads. An odd number of bytes or a lone surrogate
/// means the file is not UTF-16 after all (or was cut short), and either way we cannot trust it.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<Zeroizing<String>, CsvError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(CsvError::NotText);
    }
    let units: Zeroizing<Vec<u16>> = Zeroizing::new(
        bytes
            .chunks_exact(2)
            .map(|pair| unit([pair[0], pair[1]]))
            .collect(),
    );
    match String::from_utf16(&units) {
        Ok(text) => Ok(Zeroizing::new(text)),
        Err(_) => Err(CsvError::NotText),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(bytes: &[u8]) -> String {
        match decode(bytes) {
            Ok(text) => text.to_string(),
            Err(err) => panic!("{err}"),
        }
    }

    fn utf16le(text: &str) -> Vec<u8> {
        let mut out = UTF16_LE_BOM.to_vec();
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    fn utf16be(text: &str) -> Vec<u8> {
        let mut out = UTF16_BE_BOM.to_vec();
        out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        out
    }

    #[test]
    fn reads_the_encodings_we_promise() {
        assert_eq!(ok(b"a,b\n"), "a,b\n");
        assert_eq!(ok(b"\xEF\xBB\xBFa,b\r\n"), "a,b\r\n");
        assert_eq!(ok(&utf16le("Zoë,b\r\n")), "Zoë,b\r\n");
        assert_eq!(ok(&utf16be("Zoë,b\r\n")), "Zoë,b\r\n");
        // Outside the BMP: a surrogate pair must come back as one character.
        assert_eq!(ok(&utf16le("🔑,b")), "🔑,b");
    }

    #[test]
    fn refuses_what_is_not_text() {
        for bytes in [
            &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..],
            b"PK\x03\x04\x14\0\x06\0",
            b"a,b\0c",
            b"\xFF\xFEa",           // odd length after a UTF-16 BOM
            b"\xFF\xFE\x00\xD8a\0", // lone high surrogate
            b"\x89PNG\r\n\x1a\n",   // a PNG's signature alone: no NUL, not text either
        ] {
            assert!(matches!(decode(bytes), Err(CsvError::NotText)), "{bytes:?}");
        }
    }

    /// The witness: a spreadsheet's Windows-1252 "CSV" (a user name `José`) was called "not
    /// text (it may be a spreadsheet, an image…)". It is text: the message says which encoding
    /// to save instead.
    #[test]
    fn text_in_another_encoding_is_named_as_such() {
        for bytes in [
            &b"caf\xE9"[..],
            b"User name,Access key ID\r\nJos\xE9,AKIA\r\n",
        ] {
            assert!(
                matches!(decode(bytes), Err(CsvError::OtherEncoding)),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn empty_is_its_own_error() {
        for bytes in [&b""[..], b"\xEF\xBB\xBF", b" \r\n\n", b"\xFF\xFE"] {
            assert!(matches!(decode(bytes), Err(CsvError::Empty)), "{bytes:?}");
        }
    }
}
