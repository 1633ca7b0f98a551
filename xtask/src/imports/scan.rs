//! Reading one Rust file for the import check: a small tokenizer that skips comments and
//! literals, and the paths (`crate::`, `super::`, `self::`, declared child modules) it names.

use std::collections::{BTreeMap, BTreeSet};

/// What one file refers to and what its `use` declarations bring in.
pub struct Scan {
    /// Every absolute module path the file names, with the line it is on.
    pub paths: Vec<(Vec<String>, usize)>,
    /// Names its top-level `use` declarations bind, to the absolute path they stand for.
    pub imports: BTreeMap<String, Vec<String>>,
}

/// Reads the file whose module path is `own` (`["routes", "state"]` for `routes/state.rs`).
pub fn scan(own: &[String], text: &str) -> Scan {
    let tokens = tokenize(text);
    let children: BTreeSet<&str> = tokens
        .windows(3)
        .filter_map(|w| match (&w[0].kind, &w[1].kind, &w[2].kind) {
            (Kind::Ident(m), Kind::Ident(name), Kind::Punct(";")) if m == "mod" => {
                Some(name.as_str())
            }
            _ => None,
        })
        .collect();
    let mut inline: Vec<(String, usize)> = Vec::new(); // (module name, brace depth inside it)
    let mut depth = 0;
    let mut found = Vec::new();
    let mut imports = BTreeMap::new();
    let mut in_use = false;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i].kind {
            Kind::Ident(word) if word == "use" => in_use = true,
            Kind::Punct(";") => in_use = false,
            Kind::Punct("{") => depth += 1,
            Kind::Punct("}") => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth -= 1;
            }
            Kind::Ident(word) if word == "mod" => {
                if let (Some(Kind::Ident(name)), Some(Kind::Punct("{"))) = (
                    tokens.get(i + 1).map(|t| &t.kind),
                    tokens.get(i + 2).map(|t| &t.kind),
                ) {
                    inline.push((name.clone(), depth + 1));
                }
            }
            Kind::Ident(word)
                if tokens
                    .get(i + 1)
                    .is_some_and(|t| t.kind == Kind::Punct("::"))
                    && !(i > 0 && tokens[i - 1].kind == Kind::Punct("::")) =>
            {
                let mut base: Vec<String> = own.to_vec();
                base.extend(inline.iter().map(|(name, _)| name.clone()));
                let start = match word.as_str() {
                    "crate" => Some(Vec::new()),
                    "self" => Some(base),
                    "super" => {
                        base.pop();
                        Some(base)
                    }
                    child if inline.is_empty() && children.contains(child) => {
                        base.push(child.to_string());
                        Some(base)
                    }
                    _ => None,
                };
                if let Some(start) = start {
                    let line = tokens[i].line;
                    i += 2;
                    let mut paths = Vec::new();
                    use_tree(&tokens, &mut i, start, &mut paths);
                    for (path, alias) in paths {
                        if in_use
                            && inline.is_empty()
                            && let Some(name) = alias.or_else(|| path.last().cloned())
                        {
                            imports.insert(name, path.clone());
                        }
                        found.push((path, line));
                    }
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    Scan {
        paths: found,
        imports,
    }
}

/// A full path and the name it is bound to with `as`, if any.
type UsePath = (Vec<String>, Option<String>);

/// Reads a path or use tree (`a::b`, `{a, b::{c, d}}`, `*`, `x as y`) at `tokens[*i]`,
/// appending each full path (below `prefix`) to `out`.
fn use_tree(tokens: &[Token], i: &mut usize, prefix: Vec<String>, out: &mut Vec<UsePath>) {
    let mut path = prefix;
    loop {
        match tokens.get(*i).map(|t| &t.kind) {
            Some(Kind::Ident(segment)) => {
                match segment.as_str() {
                    "super" => {
                        path.pop();
                    }
                    "self" => {}
                    _ => path.push(segment.clone()),
                }
                *i += 1;
            }
            Some(Kind::Punct("{")) => {
                *i += 1;
                while let Some(token) = tokens.get(*i) {
                    match token.kind {
                        Kind::Punct("}") => {
                            *i += 1;
                            break;
                        }
                        Kind::Punct(",") => *i += 1,
                        _ => {
                            let before = *i;
                            use_tree(tokens, i, path.clone(), out);
                            if *i == before {
                                *i += 1;
                            }
                        }
                    }
                }
                return;
            }
            Some(Kind::Punct("*")) => {
                *i += 1;
                out.push((path, Some("*".to_string())));
                return;
            }
            _ => {
                out.push((path, None));
                return;
            }
        }
        if tokens.get(*i).is_some_and(|t| t.kind == Kind::Punct("::")) {
            *i += 1;
        } else {
            let mut alias = None;
            if tokens
                .get(*i)
                .is_some_and(|t| t.kind == Kind::Ident("as".into()))
            {
                if let Some(Kind::Ident(name)) = tokens.get(*i + 1).map(|t| &t.kind) {
                    alias = Some(name.clone());
                }
                *i += 2;
            }
            out.push((path, alias));
            return;
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Ident(String),
    Punct(&'static str),
    Other,
}

struct Token {
    kind: Kind,
    line: usize,
}

/// Identifiers and the punctuation paths are made of; comments, string and character literals
/// are skipped, so a path in a doc comment or a message is not an import.
fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        let start_line = line;
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut nesting = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    nesting += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    nesting -= 1;
                    i += 2;
                    if nesting == 0 {
                        break;
                    }
                } else {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
            }
        } else if c == '"' || (matches!(c, 'r' | 'b') && raw_or_byte_string_start(&chars, i)) {
            i = skip_string(&chars, i, &mut line);
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{1F600}') or a lifetime ('a).
            if at(i + 1) == '\\' {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            let begin = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[begin..i].iter().collect();
            tokens.push(Token {
                kind: Kind::Ident(word.trim_start_matches("r#").to_string()),
                line: start_line,
            });
        } else {
            let kind = match c {
                ':' if at(i + 1) == ':' => {
                    i += 1;
                    Kind::Punct("::")
                }
                '{' => Kind::Punct("{"),
                '}' => Kind::Punct("}"),
                ',' => Kind::Punct(","),
                ';' => Kind::Punct(";"),
                '*' => Kind::Punct("*"),
                c if c.is_whitespace() => {
                    i += 1;
                    continue;
                }
                _ => Kind::Other,
            };
            tokens.push(Token {
                kind,
                line: start_line,
            });
            i += 1;
        }
    }
    tokens
}

/// Whether `chars[i..]` starts `r"`, `r#"`, `b"`, `br"` or `br#"` (not an identifier like `ref`).
fn raw_or_byte_string_start(chars: &[char], i: usize) -> bool {
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return false;
    }
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    if chars.get(j) == Some(&'r') {
        j += 1;
        while chars.get(j) == Some(&'#') {
            j += 1;
        }
    }
    j > i && chars.get(j) == Some(&'"')
}

/// Skips a string literal starting at `chars[i]` (plain, byte or raw); returns the index after it.
fn skip_string(chars: &[char], mut i: usize, line: &mut usize) -> usize {
    if chars[i] == 'b' {
        i += 1;
    }
    let raw = chars[i] == 'r';
    let mut hashes = 0;
    if raw {
        i += 1;
        while chars[i] == '#' {
            hashes += 1;
            i += 1;
        }
    }
    i += 1; // the opening quote
    while i < chars.len() {
        match chars[i] {
            '\\' if !raw => {
                *line += usize::from(chars.get(i + 1) == Some(&'\n'));
                i += 2;
            }
            '"' if (0..hashes).all(|k| chars.get(i + 1 + k) == Some(&'#')) => {
                return i + 1 + hashes;
            }
            c => {
                *line += usize::from(c == '\n');
                i += 1;
            }
        }
    }
    i
}
