//! A forgiving TOML reader that keeps the byte range of every key and string,
//! so findings and fixes can point at one manifest entry. It reads what
//! manifests use (tables, dotted keys, strings, arrays, inline tables) and
//! skips what it does not understand up to the next line instead of failing:
//! a manifest being typed is often not valid TOML yet.

use std::ops::Range;

/// A value with the byte range it covers.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(String, Range<usize>),
    Array(Vec<Value>, Range<usize>),
    Table(Vec<Pair>, Range<usize>),
    /// Numbers, booleans, dates: their text.
    Other(String, Range<usize>),
}

impl Value {
    pub fn range(&self) -> Range<usize> {
        match self {
            Value::Str(_, r) | Value::Array(_, r) | Value::Table(_, r) | Value::Other(_, r) => {
                r.clone()
            }
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s, _) => Some(s),
            _ => None,
        }
    }

    /// A key of an inline table.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Table(pairs, _) => pairs
                .iter()
                .find(|p| p.key.len() == 1 && p.key[0].0 == key)
                .map(|p| &p.value),
            _ => None,
        }
    }
}

/// `key = value`; `key` is dotted (`a.b = 1` has two segments), each with its range.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    pub key: Vec<(String, Range<usize>)>,
    pub value: Value,
}

/// A `key = value` line of the document and the table it belongs to.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The header's segments (`[target.'cfg(unix)'.dependencies]` has three).
    pub table: Vec<(String, Range<usize>)>,
    pub pair: Pair,
    /// The whole line(s) of the item.
    pub span: Range<usize>,
}

/// A table header, with where its body ends (the next header or end of text).
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    pub table: Vec<(String, Range<usize>)>,
    pub span: Range<usize>,
    pub body_end: usize,
}

/// Everything read from one document.
#[derive(Debug, Default)]
pub struct Document {
    pub headers: Vec<Header>,
    pub items: Vec<Item>,
}

impl Document {
    /// Items directly in the table named `path`.
    pub fn table<'a>(&'a self, path: &'a [&str]) -> impl Iterator<Item = &'a Item> + 'a {
        self.items.iter().filter(move |i| names_eq(&i.table, path))
    }

    pub fn header(&self, path: &[&str]) -> Option<&Header> {
        self.headers.iter().find(|h| names_eq(&h.table, path))
    }
}

pub fn names_eq(segments: &[(String, Range<usize>)], path: &[&str]) -> bool {
    segments.len() == path.len() && segments.iter().zip(path).all(|(a, b)| a.0 == *b)
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// Spaces, newlines and comments.
    fn skip_blank(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.at += 1,
                Some(b'#') => self.skip_line(),
                _ => return,
            }
        }
    }

    fn skip_line(&mut self) {
        while let Some(b) = self.peek() {
            self.at += 1;
            if b == b'\n' {
                return;
            }
        }
    }

    fn key_segment(&mut self) -> Option<(String, Range<usize>)> {
        self.skip_spaces();
        let start = self.at;
        match self.peek()? {
            b'"' | b'\'' => match self.string()? {
                Value::Str(s, r) => Some((s, r)),
                _ => None,
            },
            _ => {
                while let Some(b) = self.peek() {
                    if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
                        self.at += 1;
                    } else {
                        break;
                    }
                }
                (self.at > start).then(|| (self.text[start..self.at].to_owned(), start..self.at))
            }
        }
    }

    fn dotted_key(&mut self) -> Option<Vec<(String, Range<usize>)>> {
        let mut key = vec![self.key_segment()?];
        loop {
            self.skip_spaces();
            if self.peek() == Some(b'.') {
                self.at += 1;
                key.push(self.key_segment()?);
            } else {
                return Some(key);
            }
        }
    }

    fn string(&mut self) -> Option<Value> {
        let start = self.at;
        let quote = self.peek()?;
        let triple = self.text[self.at..].starts_with(if quote == b'"' { "\"\"\"" } else { "'''" });
        let mut out = String::new();
        if triple {
            self.at += 3;
            let close = if quote == b'"' { "\"\"\"" } else { "'''" };
            let end = self.text[self.at..].find(close)? + self.at;
            out.push_str(&self.text[self.at..end]);
            self.at = end + 3;
            return Some(Value::Str(out, start..self.at));
        }
        self.at += 1;
        while let Some(b) = self.peek() {
            match b {
                b'\n' => return None,
                b'\\' if quote == b'"' => {
                    let next = self.bytes.get(self.at + 1).copied();
                    out.push(match next {
                        Some(b'n') => '\n',
                        Some(b't') => '\t',
                        Some(c) => c as char,
                        None => return None,
                    });
                    self.at += 2;
                }
                _ if b == quote => {
                    self.at += 1;
                    return Some(Value::Str(out, start..self.at));
                }
                _ => {
                    let ch = self.text[self.at..].chars().next()?;
                    out.push(ch);
                    self.at += ch.len_utf8();
                }
            }
        }
        None
    }

    fn value(&mut self) -> Option<Value> {
        self.skip_spaces();
        let start = self.at;
        match self.peek()? {
            b'"' | b'\'' => self.string(),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_blank();
                    match self.peek()? {
                        b']' => {
                            self.at += 1;
                            return Some(Value::Array(items, start..self.at));
                        }
                        b',' => self.at += 1,
                        _ => items.push(self.value()?),
                    }
                }
            }
            b'{' => {
                self.at += 1;
                let mut pairs = Vec::new();
                loop {
                    self.skip_blank();
                    match self.peek()? {
                        b'}' => {
                            self.at += 1;
                            return Some(Value::Table(pairs, start..self.at));
                        }
                        b',' => self.at += 1,
                        _ => {
                            let key = self.dotted_key()?;
                            self.skip_spaces();
                            if self.peek()? != b'=' {
                                return None;
                            }
                            self.at += 1;
                            let value = self.value()?;
                            pairs.push(Pair { key, value });
                        }
                    }
                }
            }
            _ => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b']' | b'}' | b'\n' | b'\r' | b'#') {
                        break;
                    }
                    self.at += 1;
                }
                let raw = self.text[start..self.at].trim_end();
                (!raw.is_empty()).then(|| Value::Other(raw.to_owned(), start..start + raw.len()))
            }
        }
    }
}

/// Read `text`. Never fails: unreadable lines are skipped.
pub fn parse(text: &str) -> Document {
    let mut r = Reader {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    let mut doc = Document::default();
    let mut table: Vec<(String, Range<usize>)> = Vec::new();
    loop {
        r.skip_blank();
        let Some(b) = r.peek() else {
            break;
        };
        let line_start = r.at;
        if b == b'[' {
            let double = text[r.at..].starts_with("[[");
            r.at += if double { 2 } else { 1 };
            match r.dotted_key() {
                Some(key) => {
                    r.skip_spaces();
                    let closing = if double { "]]" } else { "]" };
                    if text[r.at..].starts_with(closing) {
                        r.at += closing.len();
                        table = key;
                        if let Some(last) = doc.headers.last_mut() {
                            last.body_end = line_start;
                        }
                        doc.headers.push(Header {
                            table: table.clone(),
                            span: line_start..r.at,
                            body_end: text.len(),
                        });
                    }
                }
                None => table = Vec::new(),
            }
            r.skip_line();
            continue;
        }
        let parsed = (|| {
            let key = r.dotted_key()?;
            r.skip_spaces();
            if r.peek()? != b'=' {
                return None;
            }
            r.at += 1;
            let value = r.value()?;
            Some(Pair { key, value })
        })();
        match parsed {
            Some(pair) => {
                let end = r.at;
                doc.items.push(Item {
                    table: table.clone(),
                    pair,
                    span: line_start..end,
                });
                r.skip_line();
            }
            None => {
                r.at = line_start;
                r.skip_line();
            }
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_values_and_ranges() {
        let text = "[package]\nname = \"demo\" # c\n\n[dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\n'tokio'.version = \"1\"\n[project]\ndependencies = [\n  \"requests>=2\", # why\n  'PyYAML',\n]\n";
        let doc = parse(text);
        let deps: Vec<_> = doc.table(&["dependencies"]).collect();
        assert_eq!(deps.len(), 2);
        assert_eq!(&text[deps[0].pair.key[0].1.clone()], "serde");
        assert_eq!(
            deps[0].pair.value.get("version").and_then(Value::as_str),
            Some("1")
        );
        assert_eq!(deps[1].pair.key[0].0, "tokio");
        let project: Vec<_> = doc.table(&["project"]).collect();
        let Value::Array(items, _) = &project[0].pair.value else {
            panic!("not an array")
        };
        assert_eq!(items.len(), 2);
        assert_eq!(&text[items[1].range()], "'PyYAML'");
        assert_eq!(
            doc.header(&["dependencies"]).unwrap().body_end,
            text.find("[project]").unwrap()
        );
    }

    #[test]
    fn broken_lines_are_skipped() {
        let doc = parse("[dependencies]\nserde = \nrand = \"0.8\"\n= 3\n");
        let names: Vec<_> = doc.items.iter().map(|i| i.pair.key[0].0.as_str()).collect();
        assert_eq!(names, ["rand"]);
    }
}
