//! The abstract program the taint core analyses. A language adapter lowers its
//! syntax tree into this shape; the core never sees a grammar node.
//!
//! The shape is deliberately small: names, attribute and index access, calls
//! with positional and keyword arguments, string building, containers,
//! comprehensions, and the statements that move values between names.
//! Anything else is lowered to [`Expr::Op`] (its value joins its parts) or
//! [`Expr::Const`].

use std::ops::Range;

/// Byte offsets in the analysed text.
pub type Span = Range<usize>;

/// One file.
#[derive(Debug, Default)]
pub struct Module {
    /// Local name -> the dotted path it was imported as (`np` -> `numpy`,
    /// `run` -> `subprocess.run`). Imports anywhere in the file count.
    pub imports: Vec<(String, String)>,
    /// Every function and method, nested ones included, in source order.
    pub functions: Vec<Function>,
    /// The module's own statements (top level, outside definitions).
    pub top: Function,
}

/// A function, method, or the module top level.
#[derive(Debug, Default)]
pub struct Function {
    pub name: String,
    /// The class a method is defined in.
    pub class: Option<String>,
    pub params: Vec<Param>,
    /// Decorators, lowered as expressions (usually calls or paths).
    pub decorators: Vec<Expr>,
    pub body: Vec<Stmt>,
    pub span: Span,
}

#[derive(Debug)]
pub struct Param {
    pub name: String,
    pub span: Span,
    /// The annotation's text, if any (`int`, `str`, `Session`).
    pub annotation: Option<String>,
    /// The default value, if any.
    pub default: Option<Expr>,
    /// `*args` / `**kwargs` style parameters.
    pub variadic: bool,
}

#[derive(Debug)]
pub enum Stmt {
    /// `a = b = value` (also `with value as a`, `except ... as a` lowering).
    Assign {
        targets: Vec<Target>,
        value: Expr,
        span: Span,
    },
    /// `a += value`: the target keeps what it had and gains `value`.
    AugAssign {
        target: Target,
        value: Expr,
        span: Span,
    },
    Expr(Expr),
    Return(Option<Expr>, Span),
    /// Control never continues past this point (`raise`, `abort()`, `break`,
    /// `continue`, `sys.exit()`); a call evaluated here first, if any.
    Exit(Option<Expr>),
    If {
        cond: Expr,
        then: Vec<Stmt>,
        otherwise: Vec<Stmt>,
    },
    /// `for target in iter` (with `bind`) or `while cond` (without).
    Loop {
        bind: Option<(Target, Expr)>,
        cond: Option<Expr>,
        body: Vec<Stmt>,
        otherwise: Vec<Stmt>,
    },
    Try {
        body: Vec<Stmt>,
        handlers: Vec<Vec<Stmt>>,
        otherwise: Vec<Stmt>,
        finally: Vec<Stmt>,
    },
}

/// Where a value is stored.
#[derive(Debug)]
pub enum Target {
    Name {
        name: String,
        span: Span,
    },
    /// `base.name = value`
    Attr {
        base: Expr,
        name: String,
        span: Span,
    },
    /// `base[index] = value`
    Index {
        base: Expr,
        index: Expr,
        span: Span,
    },
    /// `a, b = value`, `[a, *rest] = value`
    Tuple(Vec<Target>),
    Other,
}

#[derive(Debug)]
pub enum Expr {
    /// A number, boolean, `None`, lambda, or anything else carrying no data
    /// from outside; `text` is the literal's token (`True`, `3`) or empty.
    Const {
        text: String,
        span: Span,
    },
    /// A string literal without interpolation; `text` is its content.
    Str {
        text: String,
        span: Span,
    },
    Name {
        name: String,
        span: Span,
    },
    Attr {
        base: Box<Expr>,
        name: String,
        span: Span,
    },
    Index {
        base: Box<Expr>,
        index: Box<Expr>,
        span: Span,
    },
    Call(Box<Call>),
    /// A string built from parts: f-string, `%`, `.format()`, `+` with a
    /// string. `literal` holds the constant text of the template.
    Format {
        parts: Vec<Expr>,
        literal: String,
        span: Span,
    },
    /// A value that joins its parts (arithmetic, conditional expression,
    /// `await`, splats, ...).
    Op {
        parts: Vec<Expr>,
        span: Span,
    },
    /// A list, tuple, set or dict literal (dict keys and values in order).
    Collection {
        items: Vec<Expr>,
        span: Span,
    },
    Comprehension {
        generators: Vec<Generator>,
        element: Box<Expr>,
        span: Span,
    },
    /// `(name := value)`
    Walrus {
        name: String,
        value: Box<Expr>,
        span: Span,
    },
    /// A condition: its value is a boolean, but it may validate names.
    Test(Box<Test>, Span),
}

#[derive(Debug)]
pub struct Generator {
    pub target: Target,
    pub iter: Expr,
    pub conditions: Vec<Expr>,
}

#[derive(Debug)]
pub enum Test {
    /// `item in container` (`negated`: `not in`).
    In {
        item: Expr,
        container: Expr,
        negated: bool,
    },
    /// `left == right` (`negated`: `!=`).
    Eq {
        left: Expr,
        right: Expr,
        negated: bool,
    },
    Not(Expr),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    /// Any other comparison.
    Other(Vec<Expr>),
}

#[derive(Debug)]
pub struct Call {
    pub func: Expr,
    pub args: Vec<Expr>,
    /// Keyword arguments; `**mapping` is given with the name `**`.
    pub kwargs: Vec<(String, Expr)>,
    /// The whole call.
    pub span: Span,
    /// The range a finding on this call is reported at.
    pub report: Span,
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::Const { span: s, .. }
            | Expr::Str { span: s, .. }
            | Expr::Name { span: s, .. }
            | Expr::Attr { span: s, .. }
            | Expr::Index { span: s, .. }
            | Expr::Format { span: s, .. }
            | Expr::Op { span: s, .. }
            | Expr::Collection { span: s, .. }
            | Expr::Comprehension { span: s, .. }
            | Expr::Walrus { span: s, .. }
            | Expr::Test(_, s) => s.clone(),
            Expr::Call(c) => c.span.clone(),
        }
    }
}

/// A string literal or a string being built.
pub fn is_stringy(e: &Expr) -> bool {
    matches!(e, Expr::Str { .. } | Expr::Format { .. })
}

/// The literal text of a string, or of the constant parts of one being built.
pub fn literal_of(e: &Expr) -> String {
    match e {
        Expr::Str { text, .. } => text.clone(),
        Expr::Format { literal, .. } => literal.clone(),
        _ => String::new(),
    }
}

/// A string: plain when nothing is interpolated, else one being built.
pub fn string_expr(literal: String, parts: Vec<Expr>, span: Span) -> Expr {
    if parts.is_empty() {
        Expr::Str {
            text: literal,
            span,
        }
    } else {
        Expr::Format {
            parts,
            literal,
            span,
        }
    }
}

/// `target = func()`: binds a name to what calling `func` returns.
pub fn assign_call(target: Target, func: Expr, span: Span) -> Stmt {
    Stmt::Assign {
        targets: vec![target],
        value: Expr::Call(Box::new(Call {
            func,
            args: Vec::new(),
            kwargs: Vec::new(),
            span: span.clone(),
            report: span.clone(),
        })),
        span,
    }
}
