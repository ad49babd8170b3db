//! CSV as RFC 4180 has it: records end in CRLF; a field holding a comma, a double quote or a
//! line break is enclosed in double quotes, and a double quote inside one is doubled.

use anyhow::{Result, bail};

/// One record, with its CRLF.
pub(crate) fn record<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields
        .iter()
        .map(|field| quote(field.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// `field` as it is written: quoted only when it must be.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Every record of `text` (CRLF or LF line ends; a last line end is optional).
pub(crate) fn parse(text: &str) -> Result<Vec<Vec<String>>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    // Whether the current record has anything yet (so a final line end makes no empty record).
    let mut started = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if field.is_empty() => {
                started = true;
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(c) => {
                            if c == '\n' {
                                line += 1;
                            }
                            field.push(c);
                        }
                        None => bail!("line {line}: a quoted field is not closed"),
                    }
                }
                if !matches!(chars.peek(), None | Some(',' | '\r' | '\n')) {
                    bail!("line {line}: text after a closing quote");
                }
            }
            '"' => bail!("line {line}: a quote inside an unquoted field"),
            ',' => {
                started = true;
                record.push(std::mem::take(&mut field));
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                line += 1;
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                started = false;
            }
            c => {
                started = true;
                field.push(c);
            }
        }
    }
    if started || !field.is_empty() {
        record.push(field);
        records.push(record);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_commas_quotes_and_line_breaks_are_quoted_and_read_back() {
        let fields = ["plain", "a,b", "say \"hi\"", "two\nlines", ""];
        let text = record(&fields);
        assert_eq!(text, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
        assert_eq!(parse(&text).unwrap(), vec![fields.map(String::from)]);
        assert_eq!(
            parse("a,b\nc,d").unwrap(),
            vec![vec!["a", "b"], vec!["c", "d"]]
        );
    }

    #[test]
    fn malformed_quoting_is_an_error_with_its_line() {
        let error = parse("a,b\r\n\"open,c\r\n").unwrap_err().to_string();
        assert!(error.contains("not closed"), "{error}");
        let error = parse("a\r\nb\"c\r\n").unwrap_err().to_string();
        assert!(error.contains("line 2"), "{error}");
    }
}
