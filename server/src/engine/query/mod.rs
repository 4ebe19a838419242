//! Rule patterns, written in tree-sitter's query language, matched by a walk
//! of the syntax tree.
//!
//! tree-sitter compiles a query by analysing every pattern against the
//! grammar's parse tables: about 1.5 ms per pattern, 110 ms for one
//! language's rules, all of it before a newly opened file gets its first
//! diagnostics. Rules need none of that analysis, only matching, so patterns
//! are read here into small trees whose names are resolved to the grammar's
//! ids, and matched node by node: compiling a language's rules takes well
//! under a millisecond.
//!
//! The semantics follow tree-sitter's: children match in order with gaps,
//! `.` anchors to adjacent named siblings (or the first/last one), fields,
//! `!field`, alternations, groups of siblings, `?`/`*`/`+`, the text
//! predicates `#eq?`, `#match?`, `#any-of?` with their `not-`/`any-`
//! variants, wildcards that do not start at error nodes. Every way a
//! pattern fits a node is a match, up to [`MATCHES_PER_NODE`].

mod syntax;

use crate::engine::regions::SpreadHasher;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;
use std::rc::Rc;
use tree_sitter::{Language as Grammar, Node};

pub use syntax::SyntaxError;

/// At most this many matches of one pattern at one node (a pattern such as
/// `(list (_) @a (_) @b)` fits a long list in quadratically many ways).
pub const MATCHES_PER_NODE: u32 = 64;
/// At most this many node tests for one pattern at one node. No built-in
/// pattern needs 200 on any file of the corpora; nested quantifiers or
/// wildcards in a user's pattern (`(_ (_)* (_)* (_)*)`) could otherwise
/// take seconds at every node.
const WORK_PER_NODE: u32 = 2_000;

/// An argument of a predicate the matcher leaves to its caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PredicateArg {
    Capture(u32),
    String(String),
}

/// A predicate the matcher does not evaluate itself (the engine's own).
#[derive(Debug, Clone)]
pub struct GeneralPredicate {
    pub operator: String,
    pub args: Vec<PredicateArg>,
}

/// Why a pattern does not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// 1-based line within the pattern's text.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "query error at line {}: {}", self.line, self.message)
    }
}

/// Patterns compiled for one grammar, each with an index in the order added.
pub struct QuerySet {
    grammar: Grammar,
    /// `(kind, named)` to every id of that name (supertypes widened to their
    /// subtypes when a pattern names them).
    kind_ids: HashMap<(&'static str, bool), Vec<u16>>,
    capture_names: Vec<String>,
    patterns: Vec<Compiled>,
    /// Kind id to the patterns that may start at such a node, in index order.
    by_kind: Vec<Vec<u32>>,
    /// Patterns that may start at an error node.
    at_error: Vec<u32>,
    /// Patterns that are sequences of siblings, tried under every node.
    sequences: Vec<u32>,
}

struct Compiled {
    root: Root,
    text_predicates: Vec<TextPredicate>,
    general_predicates: Vec<GeneralPredicate>,
}

enum Root {
    Step(Step),
    Sequence(Vec<Elem>),
}

enum Elem {
    Anchor,
    Step(Step),
}

struct Step {
    /// 0 when the step names no field.
    field: u16,
    /// Text predicates on one of this step's captures alone, tested as soon
    /// as the node is captured: most patterns starting at a call fail on the
    /// callee's name, and need not be matched further.
    checks: Vec<TextPredicate>,
    what: What,
    quantifier: syntax::Quantifier,
    captures: Vec<u32>,
}

enum What {
    Node {
        kinds: Kinds,
        children: Vec<Elem>,
        negated_fields: Vec<u16>,
    },
    Alternation(Vec<Step>),
    Group(Vec<Elem>),
}

#[derive(Clone)]
enum Kinds {
    Any,
    AnyNamed,
    Ids(Vec<u16>),
}

impl Kinds {
    fn test(&self, node: Node) -> bool {
        match self {
            Kinds::Any => true,
            Kinds::AnyNamed => node.is_named(),
            Kinds::Ids(ids) => ids.contains(&node.kind_id()),
        }
    }
}

#[derive(Clone)]
enum TextPredicate {
    EqString {
        capture: u32,
        text: String,
        positive: bool,
        all: bool,
    },
    EqCapture {
        left: u32,
        right: u32,
        positive: bool,
        all: bool,
    },
    Match {
        capture: u32,
        regex: regex::Regex,
        positive: bool,
        all: bool,
    },
    AnyOf {
        capture: u32,
        values: Vec<String>,
        positive: bool,
    },
}

/// A message and the byte of the pattern text it is about.
type Located = (usize, String);

/// The error kind's id: tree-sitter's error symbol.
const ERROR_ID: u16 = u16::MAX;

impl QuerySet {
    pub fn new(grammar: &tree_sitter::Language) -> QuerySet {
        let mut kind_ids: HashMap<(&'static str, bool), Vec<u16>> = HashMap::new();
        for id in 0..grammar.node_kind_count() as u16 {
            if let Some(name) = grammar.node_kind_for_id(id) {
                // Supertypes are hidden nodes, yet named in queries.
                let named = grammar.node_kind_is_named(id) || grammar.node_kind_is_supertype(id);
                kind_ids.entry((name, named)).or_default().push(id);
            }
        }
        QuerySet {
            grammar: grammar.clone(),
            kind_ids,
            capture_names: Vec::new(),
            patterns: Vec::new(),
            by_kind: vec![Vec::new(); grammar.node_kind_count()],
            at_error: Vec::new(),
            sequences: Vec::new(),
        }
    }

    /// Compile one pattern; it gets the next index. Names of node kinds and
    /// fields are checked against the grammar.
    pub fn add(&mut self, text: &str) -> Result<usize, QueryError> {
        let pattern = syntax::parse(text).map_err(|e| QueryError {
            line: e.line,
            message: format!("{} (column {})", e.message, e.column),
        })?;
        let error = |(at, message): Located| QueryError {
            line: syntax::line_and_column(text, at).0,
            message,
        };
        let mut elems = Vec::new();
        let mut negated = Vec::new();
        self.elems(pattern.elems, &mut elems, &mut negated)
            .map_err(error)?;
        if let Some(&(_, at)) = negated.first() {
            return Err(error((at, "`!field` must be inside a node".into())));
        }
        // A single step without quantifier starts at a node; anything else
        // (the parser guarantees at least one step) is a sequence of siblings.
        let mut root = match <[Elem; 1]>::try_from(elems) {
            Ok([Elem::Step(step)]) if step.quantifier == syntax::Quantifier::One => {
                Root::Step(step)
            }
            Ok(one) => Root::Sequence(one.into()),
            Err(elems) => Root::Sequence(elems),
        };
        let mut text_predicates = Vec::new();
        let mut general_predicates = Vec::new();
        for p in pattern.predicates {
            let args = p
                .args
                .iter()
                .map(|a| match a {
                    syntax::Arg::Capture(name) => self
                        .capture_index(name)
                        .map(PredicateArg::Capture)
                        .ok_or_else(|| {
                            format!("#{}: no capture @{name} in the pattern", p.operator)
                        }),
                    syntax::Arg::String(s) => Ok(PredicateArg::String(s.clone())),
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(|m| error((p.at, m)))?;
            match text_predicate(&p.operator, &args).map_err(|m| error((p.at, m)))? {
                Some(t) => text_predicates.push(t),
                None if p.operator.ends_with('!')
                    || matches!(p.operator.as_str(), "is?" | "is-not?") =>
                {
                    // Directives and properties: for highlighting, no effect on matches.
                }
                None => general_predicates.push(GeneralPredicate {
                    operator: p.operator,
                    args,
                }),
            }
        }
        match &mut root {
            Root::Step(step) => attach_checks(step, &text_predicates),
            Root::Sequence(elems) => elems.iter_mut().for_each(|e| {
                if let Elem::Step(step) = e {
                    attach_checks(step, &text_predicates)
                }
            }),
        }
        let index = self.patterns.len() as u32;
        match &root {
            Root::Step(step) => {
                let (kinds, error_too) = self.start_kinds(step);
                match kinds {
                    Kinds::Ids(ids) => {
                        for id in ids {
                            if let Some(list) = self.by_kind.get_mut(id as usize) {
                                list.push(index);
                            }
                        }
                    }
                    wildcard => {
                        for (id, list) in self.by_kind.iter_mut().enumerate() {
                            if matches!(wildcard, Kinds::Any)
                                || self.grammar.node_kind_is_named(id as u16)
                            {
                                list.push(index);
                            }
                        }
                    }
                }
                if error_too {
                    self.at_error.push(index);
                }
            }
            Root::Sequence(_) => self.sequences.push(index),
        }
        self.patterns.push(Compiled {
            root,
            text_predicates,
            general_predicates,
        });
        Ok(index as usize)
    }

    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// The index of a capture name, shared by every pattern of the set.
    pub fn capture_index(&self, name: &str) -> Option<u32> {
        self.capture_names
            .iter()
            .position(|n| n == name)
            .map(|i| i as u32)
    }

    /// The kinds pattern `index` can start at: `_` for a wildcard, `ERROR`,
    /// every member of an alternation and of a sequence of siblings (a
    /// supertype as its subtypes).
    pub fn root_kinds(&self, index: usize) -> Vec<&'static str> {
        fn add(grammar: &Grammar, step: &Step, out: &mut Vec<&'static str>) {
            match &step.what {
                What::Node { kinds, .. } => match kinds {
                    Kinds::Any | Kinds::AnyNamed => out.push("_"),
                    Kinds::Ids(ids) => out.extend(ids.iter().map(|&id| match id {
                        ERROR_ID => "ERROR",
                        id => grammar.node_kind_for_id(id).unwrap_or("_"),
                    })),
                },
                What::Alternation(members) => members.iter().for_each(|m| add(grammar, m, out)),
                What::Group(elems) => add_all(grammar, elems, out),
            }
        }
        fn add_all(grammar: &Grammar, elems: &[Elem], out: &mut Vec<&'static str>) {
            for elem in elems {
                if let Elem::Step(step) = elem {
                    add(grammar, step, out);
                }
            }
        }
        let mut out = Vec::new();
        match &self.patterns[index].root {
            Root::Step(step) => add(&self.grammar, step, &mut out),
            Root::Sequence(elems) => add_all(&self.grammar, elems, &mut out),
        }
        out
    }

    /// The predicates of pattern `index` left to the caller.
    pub fn general_predicates(&self, index: usize) -> &[GeneralPredicate] {
        &self.patterns[index].general_predicates
    }

    /// The kinds a step can start at, and whether that includes error nodes
    /// (only when a pattern names `ERROR`: wildcards do not start there).
    fn start_kinds(&self, step: &Step) -> (Kinds, bool) {
        match &step.what {
            What::Node { kinds, .. } => match kinds {
                Kinds::Ids(ids) => (
                    Kinds::Ids(ids.iter().copied().filter(|&i| i != ERROR_ID).collect()),
                    ids.contains(&ERROR_ID),
                ),
                other => (other.clone(), false),
            },
            What::Alternation(members) => {
                let mut ids = Vec::new();
                let mut error = false;
                let mut wildcard: Option<Kinds> = None;
                for member in members {
                    let (kinds, e) = self.start_kinds(member);
                    error |= e;
                    match kinds {
                        Kinds::Ids(more) => ids.extend(more),
                        Kinds::Any => wildcard = Some(Kinds::Any),
                        Kinds::AnyNamed => {
                            if !matches!(wildcard, Some(Kinds::Any)) {
                                wildcard = Some(Kinds::AnyNamed)
                            }
                        }
                    }
                }
                if let Some(w) = wildcard {
                    return (w, error);
                }
                ids.sort_unstable();
                ids.dedup();
                (Kinds::Ids(ids), error)
            }
            What::Group(_) => unreachable!("groups are sequences, not roots"),
        }
    }

    fn elems(
        &mut self,
        elems: Vec<syntax::Elem>,
        out: &mut Vec<Elem>,
        negated: &mut Vec<(u16, usize)>,
    ) -> Result<(), Located> {
        for elem in elems {
            match elem {
                syntax::Elem::Anchor => out.push(Elem::Anchor),
                syntax::Elem::NegatedField(name, at) => {
                    negated.push((self.field(&name).map_err(|m| (at, m))?, at))
                }
                syntax::Elem::Step(step) => out.push(Elem::Step(self.step(step)?)),
            }
        }
        Ok(())
    }

    fn field(&self, name: &str) -> Result<u16, String> {
        self.grammar
            .field_id_for_name(name)
            .map(|f| f.get())
            .ok_or_else(|| format!("no field `{name}` in this language"))
    }

    fn step(&mut self, step: syntax::Step) -> Result<Step, Located> {
        let at = step.at;
        let here = |message: String| (at, message);
        let field = step
            .field
            .as_deref()
            .map(|f| self.field(f))
            .transpose()
            .map_err(here)?;
        let captures = step
            .captures
            .into_iter()
            .map(|name| {
                self.capture_index(&name).unwrap_or_else(|| {
                    self.capture_names.push(name);
                    self.capture_names.len() as u32 - 1
                })
            })
            .collect();
        let what = match step.what {
            syntax::What::Node { kind, children } => {
                let kinds = if kind == "_" {
                    Kinds::AnyNamed
                } else {
                    self.kinds(&kind, true).map_err(here)?
                };
                let mut compiled = Vec::new();
                let mut negated = Vec::new();
                self.elems(children, &mut compiled, &mut negated)?;
                What::Node {
                    kinds,
                    children: compiled,
                    negated_fields: negated.into_iter().map(|(field, _)| field).collect(),
                }
            }
            syntax::What::Anonymous(text) => What::Node {
                kinds: self.kinds(&text, false).map_err(here)?,
                children: Vec::new(),
                negated_fields: Vec::new(),
            },
            syntax::What::AnyNode => What::Node {
                kinds: Kinds::Any,
                children: Vec::new(),
                negated_fields: Vec::new(),
            },
            syntax::What::Alternation(members) => What::Alternation(
                members
                    .into_iter()
                    .map(|m| self.step(m))
                    .collect::<Result<_, _>>()?,
            ),
            syntax::What::Group(elems) => {
                let mut compiled = Vec::new();
                let mut negated = Vec::new();
                self.elems(elems, &mut compiled, &mut negated)?;
                if let Some(&(_, at)) = negated.first() {
                    return Err((at, "`!field` must be inside a node".into()));
                }
                What::Group(compiled)
            }
        };
        Ok(Step {
            field: field.unwrap_or(0),
            checks: Vec::new(),
            what,
            quantifier: step.quantifier,
            captures,
        })
    }

    /// The ids of a node kind; a supertype stands for all its subtypes, and
    /// `supertype/kind` for `kind`.
    fn kinds(&self, name: &str, named: bool) -> Result<Kinds, String> {
        if named && name == "ERROR" {
            return Ok(Kinds::Ids(vec![ERROR_ID]));
        }
        if named && name == "MISSING" {
            return Err("`MISSING` nodes are not supported in rules".into());
        }
        let name = match name.split_once('/') {
            Some((_, sub)) if named => sub,
            _ => name,
        };
        let mut ids = self
            .kind_ids
            .get(&(name, named))
            .cloned()
            .ok_or_else(|| match named {
                true => format!("no node kind `{name}` in this language"),
                false => format!("no token \"{name}\" in this language"),
            })?;
        let mut i = 0;
        while i < ids.len() {
            if self.grammar.node_kind_is_supertype(ids[i]) {
                for &sub in self.grammar.subtypes_for_supertype(ids[i]) {
                    if !ids.contains(&sub) {
                        ids.push(sub);
                    }
                }
            }
            i += 1;
        }
        Ok(Kinds::Ids(ids))
    }

    /// Every match of every pattern starting at a node that overlaps
    /// `range` of the tree under `root` (tree-sitter's rule for a ranged
    /// query), in the order of the nodes, then of the patterns. `found` gets
    /// the pattern's index and its captures.
    pub fn for_each_match<'t>(
        &self,
        root: Node<'t>,
        src: &'t [u8],
        range: Range<usize>,
        mut found: impl FnMut(usize, &[(u32, Node<'t>)]),
    ) {
        let mut cursor = root.walk();
        let mut cx = Ctx {
            src,
            captures: Vec::new(),
            matches_left: 0,
            work_left: 0,
            kids: HashMap::default(),
        };
        loop {
            let node = cursor.node();
            if overlaps(node, &range) {
                let kind = node.kind_id();
                let starting = match kind {
                    ERROR_ID => &self.at_error,
                    _ => self.by_kind.get(kind as usize).unwrap_or(&self.at_error),
                };
                if !starting.is_empty() {
                    let field = cursor.field_id().map_or(0, |f| f.get());
                    for &index in starting {
                        let Root::Step(step) = &self.patterns[index as usize].root else {
                            continue;
                        };
                        cx.reset();
                        self.step_at(step, node, field, &mut cx, &mut |cx| {
                            self.complete(index, src, cx, &mut found)
                        });
                    }
                }
                if !self.sequences.is_empty() && !node.is_error() && node.child_count() > 0 {
                    let kids = cx.kids(node);
                    for &index in &self.sequences {
                        let Root::Sequence(elems) = &self.patterns[index as usize].root else {
                            continue;
                        };
                        cx.reset();
                        self.seq(elems, &kids, 0, false, &mut cx, &mut |cx, _, _| {
                            self.complete(index, src, cx, &mut found)
                        });
                    }
                }
                if cursor.goto_first_child() {
                    continue;
                }
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return;
                }
            }
        }
    }

    /// A full fit: hand it on when the text predicates hold. `true` stops
    /// the search at this node.
    fn complete<'t>(
        &self,
        index: u32,
        src: &[u8],
        cx: &mut Ctx<'t>,
        found: &mut impl FnMut(usize, &[(u32, Node<'t>)]),
    ) -> bool {
        let pattern = &self.patterns[index as usize];
        if !pattern
            .text_predicates
            .iter()
            .all(|p| p.holds(&cx.captures, src))
        {
            return false;
        }
        found(index as usize, &cx.captures);
        cx.matches_left -= 1;
        cx.matches_left == 0
    }

    /// Does `step` fit `node` (held in `field` of its parent)? Calls `then`
    /// once per way it fits; `true` from `then` or an exhausted budget stops.
    fn step_at<'t>(
        &self,
        step: &Step,
        node: Node<'t>,
        field: u16,
        cx: &mut Ctx<'t>,
        then: &mut dyn FnMut(&mut Ctx<'t>) -> bool,
    ) -> bool {
        if cx.work_left == 0 {
            return true;
        }
        cx.work_left -= 1;
        if step.field != 0 && step.field != field {
            return false;
        }
        let mark = cx.captures.len();
        let stop = match &step.what {
            What::Node {
                kinds,
                children,
                negated_fields,
            } => {
                if !kinds.test(node)
                    || negated_fields
                        .iter()
                        .any(|&f| node.child_by_field_id(f).is_some())
                    || !cx.passes(&step.checks, node)
                {
                    return false;
                }
                cx.captures.extend(step.captures.iter().map(|&c| (c, node)));
                if children.is_empty() {
                    then(cx)
                } else {
                    let kids = cx.kids(node);
                    self.seq(children, &kids, 0, false, cx, &mut |cx, pos, anchored| {
                        // A trailing anchor: nothing named after the last match.
                        if anchored && kids[pos..].iter().any(|k| k.named) {
                            return false;
                        }
                        then(cx)
                    })
                }
            }
            What::Alternation(members) => {
                if !cx.passes(&step.checks, node) {
                    return false;
                }
                cx.captures.extend(step.captures.iter().map(|&c| (c, node)));
                let mut stop = false;
                for member in members {
                    if self.step_at(member, node, field, cx, then) {
                        stop = true;
                        break;
                    }
                }
                stop
            }
            What::Group(_) => false, // a group is matched against siblings (`one`)
        };
        cx.captures.truncate(mark);
        stop
    }

    /// Match `elems` against `kids[pos..]`, in order with gaps; `anchored`
    /// when the next step must fit the next named kid. `then` gets where the
    /// match ended and whether an anchor closed it.
    fn seq<'t>(
        &self,
        elems: &[Elem],
        kids: &[Kid<'t>],
        pos: usize,
        anchored: bool,
        cx: &mut Ctx<'t>,
        then: &mut dyn FnMut(&mut Ctx<'t>, usize, bool) -> bool,
    ) -> bool {
        use syntax::Quantifier::*;
        let Some((first, rest)) = elems.split_first() else {
            return then(cx, pos, anchored);
        };
        let step = match first {
            Elem::Anchor => return self.seq(rest, kids, pos, true, cx, then),
            Elem::Step(step) => step,
        };
        match step.quantifier {
            One => self.one(step, kids, pos, anchored, cx, &mut |cx, end| {
                self.seq(rest, kids, end, false, cx, then)
            }),
            ZeroOrOne => {
                self.one(step, kids, pos, anchored, cx, &mut |cx, end| {
                    self.seq(rest, kids, end, false, cx, then)
                }) || self.seq(rest, kids, pos, anchored, cx, then)
            }
            ZeroOrMore => self.repeat(step, rest, kids, pos, anchored, cx, then),
            OneOrMore => self.one(step, kids, pos, anchored, cx, &mut |cx, end| {
                self.repeat(step, rest, kids, end, false, cx, then)
            }),
        }
    }

    /// `step` any number of times (as many as fit first), then `rest`.
    #[allow(clippy::too_many_arguments)]
    fn repeat<'t>(
        &self,
        step: &Step,
        rest: &[Elem],
        kids: &[Kid<'t>],
        pos: usize,
        anchored: bool,
        cx: &mut Ctx<'t>,
        then: &mut dyn FnMut(&mut Ctx<'t>, usize, bool) -> bool,
    ) -> bool {
        self.one(step, kids, pos, anchored, cx, &mut |cx, end| {
            end > pos && self.repeat(step, rest, kids, end, false, cx, then)
        }) || self.seq(rest, kids, pos, anchored, cx, then)
    }

    /// One occurrence of `step` among `kids[pos..]`; `then` gets the
    /// position after it.
    fn one<'t>(
        &self,
        step: &Step,
        kids: &[Kid<'t>],
        pos: usize,
        anchored: bool,
        cx: &mut Ctx<'t>,
        then: &mut dyn FnMut(&mut Ctx<'t>, usize) -> bool,
    ) -> bool {
        if let What::Group(elems) = &step.what {
            return self.seq(elems, kids, pos, anchored, cx, &mut |cx, end, _| {
                then(cx, end)
            });
        }
        for (j, kid) in kids.iter().enumerate().skip(pos) {
            if self.step_at(step, kid.node, kid.field, cx, &mut |cx| then(cx, j + 1)) {
                return true;
            }
            if anchored && kid.named {
                break;
            }
        }
        false
    }
}

/// A child, the field that holds it (0 for none) and whether it is named.
#[derive(Clone, Copy)]
struct Kid<'t> {
    node: Node<'t>,
    field: u16,
    named: bool,
}

/// The search state of one run.
struct Ctx<'t> {
    src: &'t [u8],
    captures: Vec<(u32, Node<'t>)>,
    matches_left: u32,
    work_left: u32,
    /// The children of each node a pattern looked into, listed once per run:
    /// many patterns look into the same calls and their arguments.
    kids: HashMap<usize, Rc<[Kid<'t>]>, BuildHasherDefault<SpreadHasher>>,
}

impl<'t> Ctx<'t> {
    /// Start a pattern at a new node.
    fn reset(&mut self) {
        self.captures.clear();
        self.matches_left = MATCHES_PER_NODE;
        self.work_left = WORK_PER_NODE;
    }

    /// Does `node`'s text pass every check?
    fn passes(&self, checks: &[TextPredicate], node: Node) -> bool {
        checks
            .iter()
            .all(|c| c.passes(&self.src[node.byte_range()]))
    }

    fn kids(&mut self, node: Node<'t>) -> Rc<[Kid<'t>]> {
        self.kids
            .entry(node.id())
            .or_insert_with(|| {
                let mut out = Vec::with_capacity(node.child_count());
                let mut cursor = node.walk();
                if cursor.goto_first_child() {
                    loop {
                        let node = cursor.node();
                        out.push(Kid {
                            node,
                            field: cursor.field_id().map_or(0, |f| f.get()),
                            named: node.is_named(),
                        });
                        if !cursor.goto_next_sibling() {
                            break;
                        }
                    }
                }
                out.into()
            })
            .clone()
    }
}

/// tree-sitter's test for a ranged query: the node ends after the range
/// starts (or is empty and sits at its start) and starts before it ends.
fn overlaps(node: Node, range: &Range<usize>) -> bool {
    let (start, end) = (node.start_byte(), node.end_byte());
    let before = end < range.start || (start != end && end == range.start);
    !before && start < range.end
}

/// `#eq?`, `#match?`, `#any-of?` and their variants; `None` for any other
/// operator.
fn text_predicate(operator: &str, args: &[PredicateArg]) -> Result<Option<TextPredicate>, String> {
    let (negated, any, base) = {
        let (any, rest) = match operator.strip_prefix("any-") {
            Some(rest) if rest != "of?" => (true, rest),
            _ => (false, operator),
        };
        match rest.strip_prefix("not-") {
            Some(base) => (true, any, base),
            None => (false, any, rest),
        }
    };
    let capture = |i: usize| match args.get(i) {
        Some(PredicateArg::Capture(c)) => Ok(*c),
        _ => Err(format!(
            "#{operator} expects a capture as argument {}",
            i + 1
        )),
    };
    let string = |i: usize| match args.get(i) {
        Some(PredicateArg::String(s)) => Ok(s.clone()),
        _ => Err(format!(
            "#{operator} expects a string as argument {}",
            i + 1
        )),
    };
    let (positive, all) = (!negated, !any);
    Ok(Some(match base {
        "eq?" => {
            if args.len() != 2 {
                return Err(format!("#{operator} takes two arguments"));
            }
            match &args[1] {
                PredicateArg::Capture(right) => TextPredicate::EqCapture {
                    left: capture(0)?,
                    right: *right,
                    positive,
                    all,
                },
                PredicateArg::String(text) => TextPredicate::EqString {
                    capture: capture(0)?,
                    text: text.clone(),
                    positive,
                    all,
                },
            }
        }
        "match?" => {
            if args.len() != 2 {
                return Err(format!("#{operator} takes two arguments"));
            }
            let pattern = string(1)?;
            TextPredicate::Match {
                capture: capture(0)?,
                regex: regex::Regex::new(&pattern)
                    .map_err(|e| format!("#{operator}: bad regex: {e}"))?,
                positive,
                all,
            }
        }
        "any-of?" => TextPredicate::AnyOf {
            capture: capture(0)?,
            values: (1..args.len()).map(string).collect::<Result<_, _>>()?,
            positive,
        },
        _ => return Ok(None),
    }))
}

/// Give each step the text predicates that test one of its captures alone.
fn attach_checks(step: &mut Step, predicates: &[TextPredicate]) {
    step.checks = predicates
        .iter()
        .filter(|p| {
            p.single_capture()
                .is_some_and(|c| step.captures.contains(&c))
        })
        .cloned()
        .collect();
    let attach_all = |elems: &mut Vec<Elem>| {
        for elem in elems {
            if let Elem::Step(child) = elem {
                attach_checks(child, predicates);
            }
        }
    };
    match &mut step.what {
        What::Node { children, .. } => attach_all(children),
        What::Group(elems) => attach_all(elems),
        What::Alternation(members) => members
            .iter_mut()
            .for_each(|m| attach_checks(m, predicates)),
    }
}

impl TextPredicate {
    /// The capture this predicate tests node by node, every node having to
    /// pass (so one failing node fails the match): `None` for the `any-`
    /// forms and for comparisons of two captures.
    fn single_capture(&self) -> Option<u32> {
        match self {
            TextPredicate::EqString {
                capture, all: true, ..
            }
            | TextPredicate::Match {
                capture, all: true, ..
            }
            | TextPredicate::AnyOf { capture, .. } => Some(*capture),
            _ => None,
        }
    }

    /// Does one node's text pass (for [`TextPredicate::single_capture`] ones)?
    fn passes(&self, text: &[u8]) -> bool {
        match self {
            TextPredicate::EqString {
                text: t, positive, ..
            } => (text == t.as_bytes()) == *positive,
            TextPredicate::Match {
                regex, positive, ..
            } => std::str::from_utf8(text).is_ok_and(|t| regex.is_match(t)) == *positive,
            TextPredicate::AnyOf {
                values, positive, ..
            } => values.iter().any(|v| v.as_bytes() == text) == *positive,
            TextPredicate::EqCapture { .. } => true,
        }
    }

    /// tree-sitter's reading: a predicate over a capture that matched no
    /// node holds; the `any-` forms hold when one node passes.
    fn holds(&self, captures: &[(u32, Node)], src: &[u8]) -> bool {
        let nodes = |c: u32| {
            captures
                .iter()
                .filter(move |(i, _)| *i == c)
                .map(|(_, n)| &src[n.byte_range()])
        };
        let each = |c: u32, positive: bool, all: bool, test: &dyn Fn(&[u8]) -> bool| {
            for text in nodes(c) {
                let passed = test(text) == positive;
                if !passed && all {
                    return false;
                }
                if passed && !all {
                    return true;
                }
            }
            true
        };
        match self {
            TextPredicate::EqString {
                capture,
                text,
                positive,
                all,
            } => each(*capture, *positive, *all, &|t| t == text.as_bytes()),
            TextPredicate::Match {
                capture,
                regex,
                positive,
                all,
            } => each(*capture, *positive, *all, &|t| {
                std::str::from_utf8(t).is_ok_and(|t| regex.is_match(t))
            }),
            TextPredicate::AnyOf {
                capture,
                values,
                positive,
            } => nodes(*capture).all(|t| values.iter().any(|v| v.as_bytes() == t) == *positive),
            TextPredicate::EqCapture {
                left,
                right,
                positive,
                all,
            } => {
                let (mut a, mut b) = (nodes(*left), nodes(*right));
                loop {
                    match (a.next(), b.next()) {
                        (Some(x), Some(y)) => {
                            let passed = (x == y) == *positive;
                            if !passed && *all {
                                return false;
                            }
                            if passed && !*all {
                                return true;
                            }
                        }
                        (None, None) => return true,
                        _ => return false,
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
