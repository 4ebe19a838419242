//! Query text to a tree of named steps: tree-sitter's query language, read
//! without consulting any grammar (names are resolved in `compile`).

/// One pattern: its top-level steps (several are a sequence of siblings) and
/// every predicate written anywhere inside it.
#[derive(Debug, Default)]
pub struct Pattern {
    pub elems: Vec<Elem>,
    pub predicates: Vec<Predicate>,
}

/// An entry of a node's child list (or of a group).
#[derive(Debug)]
pub enum Elem {
    /// `.`: the neighbours match adjacent named nodes (or the first/last one).
    Anchor,
    /// `!field`: the node has no child in this field (and where it is written).
    NegatedField(String, usize),
    Step(Step),
}

#[derive(Debug)]
pub struct Step {
    /// Where the step starts in the text (errors about its names point here).
    pub at: usize,
    pub field: Option<String>,
    pub what: What,
    pub quantifier: Quantifier,
    pub captures: Vec<String>,
}

#[derive(Debug)]
pub enum What {
    /// `(kind children...)`; `kind` is `_` for any named node.
    Node { kind: String, children: Vec<Elem> },
    /// `"text"`: an anonymous node of that kind.
    Anonymous(String),
    /// `_`: any node, named or not.
    AnyNode,
    /// `[a b ...]`
    Alternation(Vec<Step>),
    /// `((a) (b))`: siblings in order.
    Group(Vec<Elem>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    One,
    ZeroOrOne,
    ZeroOrMore,
    OneOrMore,
}

/// `(#operator? args...)`
#[derive(Debug)]
pub struct Predicate {
    /// Where the predicate starts in the text.
    pub at: usize,
    pub operator: String,
    pub args: Vec<Arg>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Capture(String),
    String(String),
}

/// A syntax error: where (1-based line and column of the query text) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Read one pattern (all the text holds; several top-level steps are a
/// sequence of siblings, as tree-sitter reads them inside parentheses).
pub fn parse(text: &str) -> Result<Pattern, SyntaxError> {
    let mut reader = Reader {
        text,
        pos: 0,
        predicates: Vec::new(),
    };
    let elems = reader.elems(None)?;
    let elems = unwrap_groups(elems);
    if !elems.iter().any(|e| matches!(e, Elem::Step(_))) {
        return Err(reader.error_at(0, "the query holds no pattern".into()));
    }
    Ok(Pattern {
        elems,
        predicates: reader.predicates,
    })
}

/// `((call))` is `(call)`: a group of one step without quantifier or
/// captures is that step, at the top of a pattern.
fn unwrap_groups(mut elems: Vec<Elem>) -> Vec<Elem> {
    while let [Elem::Step(Step {
        at: _,
        field: None,
        what: What::Group(_),
        quantifier: Quantifier::One,
        captures,
    })] = elems.as_slice()
    {
        if !captures.is_empty() {
            break;
        }
        let Some(Elem::Step(Step {
            what: What::Group(inner),
            ..
        })) = elems.pop()
        else {
            unreachable!("matched just above")
        };
        elems = inner;
    }
    elems
}

/// The 1-based line and column of byte `pos` of `text`.
pub fn line_and_column(text: &str, pos: usize) -> (usize, usize) {
    let before = text.get(..pos).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.len() - crate::text::line_start(before.as_bytes(), before.len()) + 1;
    (line, column)
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
    predicates: Vec<Predicate>,
}

impl<'a> Reader<'a> {
    fn error_at(&self, pos: usize, message: String) -> SyntaxError {
        let (line, column) = line_and_column(self.text, pos);
        SyntaxError {
            line,
            column,
            message,
        }
    }

    fn error(&self, message: impl Into<String>) -> SyntaxError {
        self.error_at(self.pos, message.into())
    }

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Skip white space and `;` comments.
    fn skip_blank(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with(';') {
                self.pos += trimmed.find('\n').unwrap_or(trimmed.len());
            } else {
                return;
            }
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_blank();
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// A name: node kinds, fields, captures, predicate operators.
    fn name(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || "_-.?!/".contains(c)))
            .unwrap_or(rest.len());
        // A trailing `.` is an anchor, not part of the name.
        let len = rest[..len].trim_end_matches('.').len();
        (len > 0).then(|| {
            self.pos += len;
            &rest[..len]
        })
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos;
        self.pos += 1; // the opening quote
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.pos += i + 1;
                    return Ok(out);
                }
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, 't')) => out.push('\t'),
                    Some((_, 'r')) => out.push('\r'),
                    Some((_, '0')) => out.push('\0'),
                    Some((_, other)) => out.push(other),
                    None => break,
                },
                c => out.push(c),
            }
        }
        Err(self.error_at(start, "unterminated string".into()))
    }

    /// Entries up to `close` (or the end of the text when `None`).
    fn elems(&mut self, close: Option<char>) -> Result<Vec<Elem>, SyntaxError> {
        let mut elems = Vec::new();
        loop {
            self.skip_blank();
            match (self.peek(), close) {
                (None, None) => return Ok(elems),
                (None, Some(c)) => return Err(self.error(format!("missing `{c}`"))),
                (Some(c), Some(close)) if c == close => {
                    self.pos += 1;
                    return Ok(elems);
                }
                (Some(c @ (')' | ']')), _) => return Err(self.error(format!("unexpected `{c}`"))),
                _ => {}
            }
            if let Some(elem) = self.elem()? {
                elems.push(elem);
            }
        }
    }

    /// One entry; `None` for a predicate (kept aside).
    fn elem(&mut self) -> Result<Option<Elem>, SyntaxError> {
        self.skip_blank();
        match self.peek() {
            Some('.') => {
                self.pos += 1;
                return Ok(Some(Elem::Anchor));
            }
            Some('!') => {
                self.pos += 1;
                let name = self
                    .name()
                    .ok_or_else(|| self.error("expected a field name after `!`"))?;
                return Ok(Some(Elem::NegatedField(
                    name.to_owned(),
                    self.pos - name.len(),
                )));
            }
            _ => {}
        }
        // `field: step`
        let start = self.pos;
        let mut field = None;
        if self.peek().is_some_and(|c| c.is_alphabetic() || c == '_') {
            if let Some(name) = self.name().map(str::to_owned) {
                if self.eat(':') {
                    field = Some(name);
                } else {
                    self.pos = start;
                }
            }
        }
        let Some(what) = self.what()? else {
            if field.is_some() {
                return Err(self.error("a predicate cannot follow a field name"));
            }
            return Ok(None);
        };
        let mut step = Step {
            at: start,
            field,
            what,
            quantifier: Quantifier::One,
            captures: Vec::new(),
        };
        loop {
            self.skip_blank();
            match self.peek() {
                Some(q @ ('*' | '+' | '?')) if step.quantifier == Quantifier::One => {
                    self.pos += 1;
                    step.quantifier = match q {
                        '*' => Quantifier::ZeroOrMore,
                        '+' => Quantifier::OneOrMore,
                        _ => Quantifier::ZeroOrOne,
                    };
                }
                Some('@') => {
                    self.pos += 1;
                    let name = self
                        .name()
                        .ok_or_else(|| self.error("expected a capture name after `@`"))?;
                    step.captures.push(name.to_owned());
                }
                _ => return Ok(Some(Elem::Step(step))),
            }
        }
    }

    /// What a step matches; `None` for a predicate.
    fn what(&mut self) -> Result<Option<What>, SyntaxError> {
        self.skip_blank();
        match self.peek() {
            Some('"') => Ok(Some(What::Anonymous(self.string()?))),
            Some('[') => {
                self.pos += 1;
                let start = self.pos;
                let mut members = Vec::new();
                for elem in self.elems(Some(']'))? {
                    match elem {
                        Elem::Step(step) => members.push(step),
                        _ => {
                            return Err(
                                self.error_at(start, "an alternation holds patterns only".into())
                            )
                        }
                    }
                }
                if members.is_empty() {
                    return Err(self.error_at(start, "empty alternation".into()));
                }
                Ok(Some(What::Alternation(members)))
            }
            Some('(') => {
                self.pos += 1;
                self.skip_blank();
                match self.peek() {
                    Some('#') => {
                        self.pos += 1;
                        self.predicate()?;
                        Ok(None)
                    }
                    Some('(' | '[' | '"' | '.') => Ok(Some(What::Group(self.elems(Some(')'))?))),
                    _ => {
                        let kind = self
                            .name()
                            .ok_or_else(|| self.error("expected a node kind"))?
                            .to_owned();
                        let children = self.elems(Some(')'))?;
                        Ok(Some(What::Node { kind, children }))
                    }
                }
            }
            Some('_')
                if !self.rest()[1..].starts_with(|c: char| c.is_alphanumeric() || c == '_') =>
            {
                self.pos += 1;
                Ok(Some(What::AnyNode))
            }
            Some(c) => Err(self.error(format!("unexpected `{c}`"))),
            None => Err(self.error("unexpected end of the query")),
        }
    }

    /// The rest of `(#operator args...)`, after the `#`.
    fn predicate(&mut self) -> Result<(), SyntaxError> {
        let at = self.pos - 1; // the `#`
        let operator = self
            .name()
            .ok_or_else(|| self.error("expected a predicate name after `#`"))?
            .to_owned();
        let mut args = Vec::new();
        loop {
            self.skip_blank();
            match self.peek() {
                Some(')') => {
                    self.pos += 1;
                    self.predicates.push(Predicate { at, operator, args });
                    return Ok(());
                }
                Some('@') => {
                    self.pos += 1;
                    let name = self
                        .name()
                        .ok_or_else(|| self.error("expected a capture name after `@`"))?;
                    args.push(Arg::Capture(name.to_owned()));
                }
                Some('"') => args.push(Arg::String(self.string()?)),
                Some(_) => {
                    let name = self
                        .name()
                        .ok_or_else(|| self.error("unexpected text in a predicate"))?;
                    args.push(Arg::String(name.to_owned()));
                }
                None => return Err(self.error("missing `)` after a predicate")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(elems: &[Elem]) -> Vec<String> {
        elems
            .iter()
            .filter_map(|e| match e {
                Elem::Step(Step {
                    what: What::Node { kind, .. },
                    ..
                }) => Some(kind.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn reads_nodes_fields_captures_and_predicates() {
        let p = parse(
            "(call\n  function: (attribute object: (_) @o) ; a comment (x)\n  arguments: (argument_list . (string)? @s)) @report\n(#eq? @o \"a)b\\\"\")",
        )
        .unwrap();
        assert_eq!(kinds(&p.elems), ["call"]);
        let Elem::Step(call) = &p.elems[0] else {
            panic!("a step")
        };
        assert_eq!(call.captures, ["report"]);
        let What::Node { children, .. } = &call.what else {
            panic!("a node")
        };
        assert_eq!(children.len(), 2);
        let Elem::Step(args) = &children[1] else {
            panic!("a step")
        };
        assert_eq!(args.field.as_deref(), Some("arguments"));
        let What::Node { children, .. } = &args.what else {
            panic!("a node")
        };
        assert!(matches!(children[0], Elem::Anchor));
        assert!(matches!(
            &children[1],
            Elem::Step(Step { quantifier: Quantifier::ZeroOrOne, captures, .. }) if captures == &["s"]
        ));
        assert_eq!(p.predicates.len(), 1);
        assert_eq!(p.predicates[0].operator, "eq?");
        assert_eq!(
            p.predicates[0].args,
            [Arg::Capture("o".into()), Arg::String("a)b\"".into())]
        );
    }

    #[test]
    fn groups_alternations_wildcards_and_anonymous_nodes() {
        let p = parse("((decorator) @d . (function_definition))").unwrap();
        assert_eq!(kinds(&p.elems), ["decorator", "function_definition"]);
        let p = parse("((call))").unwrap();
        assert_eq!(kinds(&p.elems), ["call"]);
        let p = parse("[(assignment) \"unsafe\" _ (_)] @x").unwrap();
        let Elem::Step(Step {
            what: What::Alternation(members),
            ..
        }) = &p.elems[0]
        else {
            panic!("an alternation")
        };
        assert!(matches!(members[1].what, What::Anonymous(ref s) if s == "unsafe"));
        assert!(matches!(members[2].what, What::AnyNode));
        assert!(matches!(members[3].what, What::Node { ref kind, .. } if kind == "_"));
        let p = parse("(impl_item !trait)").unwrap();
        let Elem::Step(Step {
            what: What::Node { children, .. },
            ..
        }) = &p.elems[0]
        else {
            panic!("a node")
        };
        assert!(matches!(&children[0], Elem::NegatedField(f, _) if f == "trait"));
    }

    #[test]
    fn errors_say_where() {
        let e = parse("(call\n  function: (identifier)").unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (2, "missing `)`"));
        // The end of a text ending in a line break is on the line after it.
        let e = parse("(call\n  (identifier)\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        let e = parse("(call))").unwrap_err();
        assert_eq!((e.line, e.column), (1, 7));
        assert!(parse("(#eq? @a \"b\")").is_err());
        assert!(parse("(call \"unterminated)").is_err());
        assert!(parse("(call function: (#eq? @a \"b\"))").is_err());
        assert!(parse("[]").is_err());
    }
}
