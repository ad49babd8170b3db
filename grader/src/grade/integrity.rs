//! Integrity: what in a submission's source is out of place for its exercise, for the teacher.
//!
//! Beside the pipeline (it needs neither the build nor the runs), [`scan`] reads the source of
//! each graded crate — every `.rs` file below `<tree>/<NN-name>/src/`, and the files inside
//! `src/` that `include!` or `#[path]` reach — and lists each construct a solution of that
//! exercise has no business using: ending the process, reading the environment or `/proc`,
//! files, the network, other processes, `unsafe` where the exercise does not teach it, source
//! pulled in from outside `src/`, linker attributes that run code before `main` or replace
//! symbols, and a replaced panic hook. Each [`Finding`] names the file (relative to the graded
//! tree), the line, the [`Kind`] and the line's text; the manifest's `integrity_allows` says
//! which kinds an exercise legitimately needs. The grade does not change: a finding is for a
//! person to read, since a rule that looks at tokens cannot tell a forged pass from a curious
//! learner. `report/` writes every sentence about a finding.
//!
//! The source is tokenized by `proc-macro2`'s own lexer (its fallback, used outside a
//! procedural macro, with `span-locations` for lines), not matched with regexes and not by a
//! lexer of our own: comments never reach the scan, string and character literals, raw strings
//! (`r#"…"#`), byte strings, lifetimes and nested block comments are told apart exactly as
//! rustc does, and the token trees give macro bodies and attributes their structure. It is
//! already in the build (serde's and clap's derives use it), so it costs one small crate built
//! once more without the `proc-macro` feature, and no download. Doc comments become
//! `#[doc = "…"]` attributes, which the scan skips, so prose about `/proc` is no finding.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{Delimiter, Group, Spacing, TokenStream, TokenTree};

use crate::files::walk;

/// What a finding is about. The names (`as_str`) are the manifest's `integrity_allows` values
/// and the JSON report's `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    /// Ends the process: `std::process::exit`, `abort`, `libc::_exit` and kin.
    Exit,
    /// Reads (or changes) the environment: `std::env::var*`, `args`, `env!`, `option_env!`.
    Env,
    /// A string literal naming `/proc` or `/dev/fd` (the process's own files).
    Proc,
    /// Files or file descriptors: `std::fs`, `File`, `OpenOptions`, `std::os::fd`, stdin.
    File,
    /// The network: `std::net`, `TcpStream`, `UdpSocket`, `UnixStream`…
    Network,
    /// Starts processes: `std::process::Command` and kin.
    Process,
    /// `unsafe` blocks, functions, impls, traits, extern blocks and `#[unsafe(…)]` attributes.
    Unsafe,
    /// Source or data from outside the crate's `src/`: `include!`, `include_str!`,
    /// `include_bytes!`, `#[path]`, a symbolic link.
    Include,
    /// Linker tricks: `#[link_section]`, `#[no_mangle]`, `#[export_name]`, `#[used]`,
    /// `asm!`, `global_asm!`, foreign (`extern`) blocks.
    Linker,
    /// Replaces the panic hook: `std::panic::set_hook`, `take_hook`.
    PanicHook,
    /// A file the scan could not read or tokenize (so it could hide anything).
    Unscanned,
    /// A constructor or destructor entry (`.init_array`, `.fini_array`, `.ctors`…) in the
    /// crate's object code: code that runs before `main` or after it. Found in the build's
    /// output, not the source ([`crate::grade::constructors`]); the exercise scores 0.
    Constructor,
    /// Unsafe code in an exercise that teaches it, at the place the compiler's `unsafe_code`
    /// lint gives: listed for the teacher of a submission, and the one kind that does not count
    /// as a finding ([`Finding::counts`]).
    UnsafeTaught,
}

impl Kind {
    /// Every kind, in the order reports list them.
    pub(crate) const ALL: [Kind; 13] = [
        Kind::Exit,
        Kind::Env,
        Kind::Proc,
        Kind::File,
        Kind::Network,
        Kind::Process,
        Kind::Unsafe,
        Kind::Include,
        Kind::Linker,
        Kind::PanicHook,
        Kind::Unscanned,
        Kind::Constructor,
        Kind::UnsafeTaught,
    ];

    /// The kind's name in the manifest and the reports.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Exit => "exit",
            Kind::Env => "env",
            Kind::Proc => "proc",
            Kind::File => "file",
            Kind::Network => "network",
            Kind::Process => "process",
            Kind::Unsafe => "unsafe",
            Kind::Include => "include",
            Kind::Linker => "linker",
            Kind::PanicHook => "panic_hook",
            Kind::Unscanned => "unscanned",
            Kind::Constructor => "constructor",
            Kind::UnsafeTaught => "unsafe_taught",
        }
    }

    /// The kind called `name`, if any.
    pub(crate) fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// One thing out of place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// The file, relative to the graded tree, with `/` (`01-refcount/src/lib.rs`).
    pub(crate) file: String,
    /// Its line, from 1.
    pub(crate) line: usize,
    pub(crate) kind: Kind,
    /// What matched, as the code names it once `use` aliases are resolved:
    /// `std::process::exit`, `quit (std::process::exit)`, `unsafe block`, `#[no_mangle]`,
    /// `"/proc/self/environ"`, `include!("../../secret.rs")`.
    pub(crate) item: String,
    /// The line's text, trimmed and capped at [`TEXT_CHARS`] characters.
    pub(crate) text: String,
}

impl Finding {
    /// Whether this counts as a finding where findings are counted (a gradebook, a summary):
    /// everything but [`Kind::UnsafeTaught`], which is listed for the teacher to read and is
    /// what a correct solution of an exercise that teaches `unsafe` has.
    pub(crate) fn counts(&self) -> bool {
        self.kind != Kind::UnsafeTaught
    }
}

/// Characters of a line kept in a finding.
pub(crate) const TEXT_CHARS: usize = 120;

/// Files bigger than this are not read (an exercise's source is a few dozen KiB).
const MAX_FILE_BYTES: u64 = 1 << 20;

/// The findings in the crate `tree/exercise`, sorted by file and line, without the kinds the
/// exercise `allows`. A crate that is missing or has no `src/` has none (grading says why).
pub(crate) fn scan(tree: &Path, exercise: &str, allows: &[Kind]) -> Vec<Finding> {
    // proc-macro2 keeps every text it tokenized in a source map local to the thread, for
    // spans; a thread per crate lets it go when the scan ends (a batch grades thousands).
    let findings = std::thread::scope(|scope| {
        scope
            .spawn(|| scan_crate(&tree.join(exercise), exercise))
            .join()
            .unwrap_or_else(|_| {
                vec![Finding {
                    file: format!("{exercise}/src"),
                    line: 1,
                    kind: Kind::Unscanned,
                    item: "the scan failed".into(),
                    text: String::new(),
                }]
            })
    });
    findings
        .into_iter()
        .filter(|finding| !allows.contains(&finding.kind))
        .collect()
}

/// Every finding in one crate, whatever the exercise allows.
fn scan_crate(crate_dir: &Path, exercise: &str) -> Vec<Finding> {
    let src = crate_dir.join("src");
    let mut findings = Vec::new();
    let shown_src = format!("{exercise}/src");
    match fs::symlink_metadata(&src) {
        Err(_) => return findings,
        Ok(meta) if meta.file_type().is_symlink() => {
            findings.push(whole_file(&shown_src, Kind::Include, &link_item(&src)));
            return findings;
        }
        Ok(meta) if !meta.is_dir() => return findings,
        Ok(_) => {}
    }
    let Ok(src) = src.canonicalize() else {
        return findings;
    };
    let krate = Crate {
        src: src.clone(),
        shown: shown_src,
    };
    let entries = match walk::below(&src, |_| false) {
        Ok(entries) => entries,
        Err(error) => {
            findings.push(whole_file(
                &krate.shown,
                Kind::Unscanned,
                &format!("cannot list it: {error:#}"),
            ));
            return findings;
        }
    };
    let mut queue: Vec<PathBuf> = Vec::new();
    for entry in entries.iter().filter(|entry| !entry.is_dir) {
        let path = src.join(&entry.path);
        let shown = krate.show(&path);
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.file_type().is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&src) => {
                    if entry.has_extension("rs") {
                        queue.push(target);
                    }
                }
                _ => findings.push(whole_file(&shown, Kind::Include, &link_item(&path))),
            }
        } else if entry.has_extension("rs") {
            queue.push(path);
        }
    }
    let mut scanned = BTreeSet::new();
    while let Some(path) = queue.pop() {
        if !scanned.insert(path.clone()) {
            continue;
        }
        let (mut found, reached) = scan_file(&krate, &path);
        findings.append(&mut found);
        queue.extend(reached);
    }
    let mut seen = BTreeSet::new();
    findings.retain(|f| seen.insert((f.file.clone(), f.line, f.kind)));
    findings.sort_by(|a, b| (&a.file, a.line, a.kind).cmp(&(&b.file, b.line, b.kind)));
    findings
}

/// A finding about a file as a whole (line 1, no text).
fn whole_file(shown: &str, kind: Kind, item: &str) -> Finding {
    Finding {
        file: shown.to_string(),
        line: 1,
        kind,
        item: item.to_string(),
        text: String::new(),
    }
}

/// A symbolic link's item: where it points.
fn link_item(path: &Path) -> String {
    match fs::read_link(path) {
        Ok(target) => format!("a symbolic link to {}", target.display()),
        Err(_) => "a symbolic link".to_string(),
    }
}

/// The crate being scanned.
struct Crate {
    /// Its `src/`, canonical.
    src: PathBuf,
    /// `src/` as reports show it: `NN-name/src`.
    shown: String,
}

impl Crate {
    /// `path` (below `src`) as reports show it.
    fn show(&self, path: &Path) -> String {
        let relative = path.strip_prefix(&self.src).unwrap_or(path);
        let parts: Vec<String> = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect();
        format!("{}/{}", self.shown, parts.join("/"))
    }
}

/// The findings in one file, and the further files inside `src/` it reaches as Rust source
/// (`include!`, `#[path]`) that are not `.rs` files (those are scanned anyway).
fn scan_file(krate: &Crate, path: &Path) -> (Vec<Finding>, Vec<PathBuf>) {
    let shown = krate.show(path);
    let unscanned = |why: String| (vec![whole_file(&shown, Kind::Unscanned, &why)], Vec::new());
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => return unscanned("not a regular file".into()),
        Ok(meta) if meta.len() > MAX_FILE_BYTES => {
            return unscanned(format!("bigger than {} KiB", MAX_FILE_BYTES >> 10));
        }
        Ok(_) => {}
        Err(error) => return unscanned(format!("cannot read it: {error}")),
    }
    let source = match fs::read_to_string(path) {
        Ok(source) => source,
        Err(error) => return unscanned(format!("cannot read it: {error}")),
    };
    let tokens = match TokenStream::from_str(&source) {
        Ok(tokens) => tokens,
        Err(error) => {
            let line = error.span().start().line.max(1);
            return (
                vec![Finding {
                    file: shown,
                    line,
                    kind: Kind::Unscanned,
                    item: format!("not Rust tokens: {error}"),
                    text: line_text(&source, line),
                }],
                Vec::new(),
            );
        }
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let dir = path.parent().unwrap_or(&krate.src).to_path_buf();
    let mut scanner = Scanner {
        krate,
        shown,
        source: &source,
        mod_rs: matches!(name, "lib.rs" | "main.rs" | "mod.rs"),
        own_dir: match path.file_stem() {
            Some(stem) if !matches!(name, "lib.rs" | "main.rs" | "mod.rs") => dir.join(stem),
            _ => dir.clone(),
        },
        dir,
        aliases: HashMap::new(),
        pending_path: None,
        findings: Vec::new(),
        reached: Vec::new(),
    };
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    scanner.walk(&tokens, None);
    (scanner.findings, scanner.reached)
}

/// The `line`th line of `source` (from 1), trimmed and capped.
fn line_text(source: &str, line: usize) -> String {
    let text = source
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .trim();
    if text.chars().count() <= TEXT_CHARS {
        return text.to_string();
    }
    let kept: String = text.chars().take(TEXT_CHARS - 1).collect();
    format!("{kept}…")
}

/// The scan of one file's token trees.
struct Scanner<'a> {
    krate: &'a Crate,
    /// The file as reports show it.
    shown: String,
    source: &'a str,
    /// `lib.rs`, `main.rs` or `mod.rs`: inline modules' files sit in its own folder.
    mod_rs: bool,
    /// The file's folder: `include!` and a top-level `#[path]` are relative to it.
    dir: PathBuf,
    /// Where the files of its inline modules start: `dir`, or `dir/stem` for `src/a.rs`.
    own_dir: PathBuf,
    /// Names `use` (or `extern crate … as`) brought in, and the paths they stand for.
    aliases: HashMap<String, Vec<String>>,
    /// The place a `#[path]` named, for the `mod` it is on.
    pending_path: Option<PathBuf>,
    findings: Vec<Finding>,
    reached: Vec<PathBuf>,
}

/// A rule: a run of path segments (each a set of alternatives; `*` is any) and its kind.
type Rule = (Kind, &'static [&'static [&'static str]]);

/// What a path may not name, as a window of consecutive segments anywhere in the path (after
/// `core`/`alloc` are read as `std` and `use` aliases are expanded). The first rule that
/// matches wins, so `process::exit` is an exit before `process::*` could be a spawn.
const PATH_RULES: &[Rule] = &[
    (Kind::Exit, &[&["process"], &["exit", "abort"]]),
    (Kind::Exit, &[&["intrinsics"], &["abort"]]),
    (
        Kind::Exit,
        &[
            &["libc"],
            &["exit", "_exit", "abort", "kill", "raise", "syscall"],
        ],
    ),
    (
        Kind::Exit,
        &[&["_exit", "_Exit", "exit_group", "quick_exit"]],
    ),
    (
        Kind::Process,
        &[
            &["process"],
            &[
                "Command",
                "Child",
                "Stdio",
                "ChildStdin",
                "ChildStdout",
                "ChildStderr",
                "$",
            ],
        ],
    ),
    (Kind::Process, &[&["unix"], &["process"]]),
    (Kind::Process, &[&["Command"], &["new"]]),
    (Kind::Process, &[&["CommandExt"]]),
    (Kind::Env, &[&["std"], &["env"]]),
    (
        Kind::Env,
        &[
            &["env"],
            &[
                "var",
                "var_os",
                "vars",
                "vars_os",
                "args",
                "args_os",
                "set_var",
                "remove_var",
                "current_exe",
                "current_dir",
                "set_current_dir",
                "home_dir",
                "temp_dir",
                "$",
            ],
        ],
    ),
    (Kind::File, &[&["std"], &["fs"]]),
    (Kind::File, &[&["fs"], &["*"]]),
    (Kind::File, &[&["os"], &["fd"]]),
    (Kind::File, &[&["unix"], &["io", "fs"]]),
    (
        Kind::File,
        &[
            &["File"],
            &["open", "create", "create_new", "options", "from_raw_fd"],
        ],
    ),
    (
        Kind::File,
        &[&[
            "OpenOptions",
            "FromRawFd",
            "from_raw_fd",
            "AsRawFd",
            "IntoRawFd",
            "RawFd",
            "OwnedFd",
            "BorrowedFd",
            "Stdin",
            "StdinLock",
        ]],
    ),
    (Kind::File, &[&["io"], &["stdin"]]),
    (Kind::Network, &[&["std"], &["net"]]),
    (Kind::Network, &[&["net"], &["*"]]),
    (
        Kind::Network,
        &[&[
            "TcpStream",
            "TcpListener",
            "UdpSocket",
            "UnixStream",
            "UnixListener",
            "UnixDatagram",
            "ToSocketAddrs",
        ]],
    ),
    (
        Kind::PanicHook,
        &[
            &["panic"],
            &["set_hook", "take_hook", "update_hook", "always_abort"],
        ],
    ),
];

/// Attributes that place code or data for the linker, or replace symbols.
const LINKER_ATTRIBUTES: &[&str] = &[
    "link_section",
    "no_mangle",
    "export_name",
    "used",
    "link",
    "link_name",
    "link_ordinal",
    "linkage",
    "naked",
];

/// Macros that emit machine code directly.
const ASM_MACROS: &[&str] = &["asm", "global_asm", "naked_asm"];

/// The kind of the first rule `path` matches.
fn classify(path: &[String]) -> Option<Kind> {
    let segments: Vec<&str> = path
        .iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .enumerate()
        .map(|(i, s)| match s {
            "core" | "alloc" if i == 0 => "std",
            s => s,
        })
        .collect();
    PATH_RULES.iter().find_map(|(kind, rule)| {
        let hit = segments.windows(rule.len()).any(|window| {
            window
                .iter()
                .zip(rule.iter())
                .all(|(segment, allowed)| allowed.contains(&"*") || allowed.contains(segment))
        });
        hit.then_some(*kind)
    })
}

/// Whether `token` is the punctuation `c`.
fn is_punct(token: Option<&TokenTree>, c: char) -> bool {
    matches!(token, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

/// Whether `tokens[at..]` starts with `::`.
fn is_path_sep(tokens: &[TokenTree], at: usize) -> bool {
    matches!(tokens.get(at), Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Joint)
        && is_punct(tokens.get(at + 1), ':')
}

/// The word of `token` when it is an identifier or keyword.
fn ident(token: Option<&TokenTree>) -> Option<String> {
    match token {
        Some(TokenTree::Ident(ident)) => Some(ident.to_string()),
        _ => None,
    }
}

/// The line `token` starts on, from 1.
fn line_of(token: &TokenTree) -> usize {
    token.span().start().line
}

/// The value of a string literal's token (`"a\x2fb"` → `a/b`, `r#"x"#` → `x`, `b"…"`, `c"…"`);
/// `None` for any other literal.
fn string_value(literal: &str) -> Option<String> {
    let body = literal.trim_start_matches(['b', 'c']);
    if let Some(raw) = body.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let inner = raw.get(hashes + 1..)?;
        let end = inner.rfind(&format!("\"{}", "#".repeat(hashes)))?;
        return Some(inner[..end].to_string());
    }
    let inner = body.strip_prefix('"')?;
    let inner = &inner[..inner.rfind('"')?];
    let mut value = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            value.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => value.push('\n'),
            Some('t') => value.push('\t'),
            Some('r') => value.push('\r'),
            Some('0') => value.push('\0'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                if let Ok(byte) = u8::from_str_radix(&hex, 16) {
                    value.push(char::from(byte));
                }
            }
            Some('u') => {
                let code: String = chars
                    .by_ref()
                    .skip_while(|&c| c == '{')
                    .take_while(|&c| c != '}')
                    .collect();
                if let Some(c) = u32::from_str_radix(&code, 16).ok().and_then(char::from_u32) {
                    value.push(c);
                }
            }
            // A line continuation: the newline and the next line's leading whitespace go.
            Some('\n') => {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            Some(other) => value.push(other),
            None => {}
        }
    }
    Some(value)
}

/// The part of a string that names the process's own files (`/proc`, `/dev/fd`, `/dev/stdin`…).
fn names_proc(value: &str) -> bool {
    let whole_word = |at: usize, len: usize| {
        value[at + len..]
            .chars()
            .next()
            .is_none_or(|c| c == '/' || c == '"' || c.is_whitespace())
    };
    [
        "/proc",
        "/dev/fd",
        "/dev/stdin",
        "/dev/stdout",
        "/dev/stderr",
    ]
    .iter()
    .any(|needle| {
        value
            .match_indices(needle)
            .any(|(at, _)| whole_word(at, needle.len()))
    })
}

/// `value` in quotes, capped, for a finding's item.
fn quoted(value: &str) -> String {
    let shown: String = value.chars().take(60).collect();
    let more = if value.chars().count() > 60 {
        "…"
    } else {
        ""
    };
    format!("{shown:?}{more}")
}

impl Scanner<'_> {
    /// Records a finding at `line` of this file.
    fn find(&mut self, line: usize, kind: Kind, item: impl Into<String>) {
        self.findings.push(Finding {
            file: self.shown.clone(),
            line,
            kind,
            item: item.into(),
            text: line_text(self.source, line),
        });
    }

    /// Scans a sequence of token trees. `inline` is the folder of the inline module they are
    /// in (`None` at the top of the file), for `#[path]` and `mod` inside it.
    fn walk(&mut self, tokens: &[TokenTree], inline: Option<&Path>) {
        let mut at = 0;
        while at < tokens.len() {
            at = match &tokens[at] {
                TokenTree::Group(group) => {
                    self.walk_group(group, inline);
                    at + 1
                }
                TokenTree::Literal(literal) => {
                    self.check_literal(&literal.to_string(), line_of(&tokens[at]));
                    at + 1
                }
                TokenTree::Punct(p) if p.as_char() == '#' => self.attribute(tokens, at, inline),
                TokenTree::Punct(_) if is_path_sep(tokens, at) => self.path(tokens, at, inline),
                TokenTree::Punct(_) => at + 1,
                TokenTree::Ident(word) => match word.to_string().as_str() {
                    "unsafe" => {
                        self.unsafe_keyword(tokens, at);
                        at + 1
                    }
                    "use" => self.use_item(tokens, at),
                    "extern" => self.extern_item(tokens, at),
                    "mod" => self.mod_item(tokens, at, inline),
                    _ => self.path(tokens, at, inline),
                },
            };
        }
    }

    /// Scans the inside of a delimited group.
    fn walk_group(&mut self, group: &Group, inline: Option<&Path>) {
        let inner: Vec<TokenTree> = group.stream().into_iter().collect();
        self.walk(&inner, inline);
    }

    /// A string literal naming `/proc` or `/dev/fd` is a finding.
    fn check_literal(&mut self, literal: &str, line: usize) {
        if let Some(value) = string_value(literal)
            && names_proc(&value)
        {
            self.find(line, Kind::Proc, quoted(&value));
        }
    }

    /// `unsafe` before a block, `fn`, `impl`, `trait`, `extern`, or as an attribute.
    fn unsafe_keyword(&mut self, tokens: &[TokenTree], at: usize) {
        let what = match tokens.get(at + 1) {
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => "unsafe block",
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => {
                "#[unsafe(…)] attribute"
            }
            Some(TokenTree::Ident(next)) => match next.to_string().as_str() {
                "fn" => "unsafe fn",
                "impl" => "unsafe impl",
                "trait" => "unsafe trait",
                "extern" => "unsafe extern",
                _ => "unsafe",
            },
            _ => "unsafe",
        };
        self.find(line_of(&tokens[at]), Kind::Unsafe, what);
    }

    /// `#[…]` or `#![…]` at `tokens[at]`: linker attributes and `#[path]` are findings or
    /// change where modules are; doc attributes (doc comments) are not looked into. Returns
    /// the index after it.
    fn attribute(&mut self, tokens: &[TokenTree], at: usize, inline: Option<&Path>) -> usize {
        let bracket = if is_punct(tokens.get(at + 1), '!') {
            at + 2
        } else {
            at + 1
        };
        let Some(TokenTree::Group(group)) = tokens.get(bracket) else {
            return at + 1;
        };
        if group.delimiter() != Delimiter::Bracket {
            return at + 1;
        }
        let inner: Vec<TokenTree> = group.stream().into_iter().collect();
        // A doc comment is `#[doc = "text"]`: prose, not code. A doc attribute with anything
        // else (`include_str!`) is scanned like any attribute.
        let plain_doc = ident(inner.first()).as_deref() == Some("doc")
            && is_punct(inner.get(1), '=')
            && matches!(inner.get(2), Some(TokenTree::Literal(_)))
            && inner.len() == 3;
        if plain_doc {
            return bracket + 1;
        }
        for meta in attribute_metas(&inner) {
            self.meta(&meta, inline);
        }
        self.walk(&inner, inline);
        bracket + 1
    }

    /// One attribute, `name`, `name(…)` or `name = value`, already out of `unsafe(…)` and
    /// `cfg_attr(…)`.
    fn meta(&mut self, meta: &[TokenTree], inline: Option<&Path>) {
        let Some(name) = ident(meta.first()) else {
            return;
        };
        let line = line_of(&meta[0]);
        if LINKER_ATTRIBUTES.contains(&name.as_str()) {
            self.find(line, Kind::Linker, format!("#[{name}]"));
        }
        if name == "path"
            && is_punct(meta.get(1), '=')
            && let Some(TokenTree::Literal(literal)) = meta.get(2)
            && let Some(target) = string_value(&literal.to_string())
        {
            let base = inline.unwrap_or(&self.dir).to_path_buf();
            match resolve_inside(&self.krate.src, &base, &target) {
                None => self.find(line, Kind::Include, format!("#[path = {target:?}]")),
                Some(place) => {
                    if place.is_file() && place.extension().is_none_or(|ext| ext != "rs") {
                        self.reached.push(place.clone());
                    }
                    self.pending_path = Some(place);
                }
            }
        }
    }

    /// `mod name;` or `mod name { … }`: an inline module's items are walked with its folder.
    fn mod_item(&mut self, tokens: &[TokenTree], at: usize, inline: Option<&Path>) -> usize {
        let named = self.pending_path.take();
        let Some(name) = ident(tokens.get(at + 1)) else {
            return at + 1;
        };
        match tokens.get(at + 2) {
            Some(TokenTree::Group(body)) if body.delimiter() == Delimiter::Brace => {
                let folder = named.unwrap_or_else(|| {
                    inline
                        .map_or_else(
                            || {
                                if self.mod_rs {
                                    self.dir.clone()
                                } else {
                                    self.own_dir.clone()
                                }
                            },
                            Path::to_path_buf,
                        )
                        .join(&name)
                });
                self.walk_group(body, Some(&folder));
                at + 3
            }
            _ => at + 2,
        }
    }

    /// `extern crate x as y;` is an alias; `extern "C" { … }` declares foreign symbols.
    fn extern_item(&mut self, tokens: &[TokenTree], at: usize) -> usize {
        let line = line_of(&tokens[at]);
        if ident(tokens.get(at + 1)).as_deref() == Some("crate") {
            if let Some(krate) = ident(tokens.get(at + 2)) {
                let name = match ident(tokens.get(at + 3)).as_deref() {
                    Some("as") => ident(tokens.get(at + 4)).unwrap_or_else(|| krate.clone()),
                    _ => krate.clone(),
                };
                self.aliases.insert(name, vec![krate]);
            }
            return at + 2;
        }
        let block = match tokens.get(at + 1) {
            Some(TokenTree::Literal(_)) => at + 2,
            _ => at + 1,
        };
        if let Some(TokenTree::Group(group)) = tokens.get(block)
            && group.delimiter() == Delimiter::Brace
        {
            self.find(line, Kind::Linker, "extern block (foreign functions)");
        }
        at + 1
    }

    /// A `use` item: each path it imports is checked, and each name it binds remembered, so
    /// `use std::process::exit as quit; quit(0)` is found at both lines. Returns the index
    /// after its `;`.
    fn use_item(&mut self, tokens: &[TokenTree], at: usize) -> usize {
        let end = (at + 1..tokens.len())
            .find(|&i| is_punct(tokens.get(i), ';'))
            .unwrap_or(tokens.len());
        let mut imports = Vec::new();
        use_tree(&tokens[at + 1..end], &[], &mut imports);
        for import in imports {
            let path = self.expanded(&import.path);
            if let Some(kind) = classify(&path) {
                self.find(import.line, kind, path.join("::"));
            }
            if let Some(name) = import.binding
                && name != "_"
            {
                self.aliases.insert(name, path);
            }
        }
        end + 1
    }

    /// `path` with its first segment replaced by what a `use` made it stand for.
    fn expanded(&self, path: &[String]) -> Vec<String> {
        match path.first().and_then(|first| self.aliases.get(first)) {
            Some(target) => {
                let mut full = target.clone();
                full.extend_from_slice(&path[1..]);
                full
            }
            None => path.to_vec(),
        }
    }

    /// A path (or a lone word) at `tokens[at]`, checked against the rules once aliases are
    /// expanded; a macro call's name and arguments are checked too. Returns the index after
    /// the path.
    fn path(&mut self, tokens: &[TokenTree], at: usize, inline: Option<&Path>) -> usize {
        let (path, next) = read_path(tokens, at);
        if path.iter().all(String::is_empty) {
            return next.max(at + 1);
        }
        let line = line_of(&tokens[at]);
        let expanded = self.expanded(&path);
        let written = path.join("::");
        let via_alias = expanded != path;
        let call_follows = matches!(tokens.get(next), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis)
            || is_path_sep(tokens, next)
            || is_punct(tokens.get(next), '!');
        // A lone alias counts where it is used as what it stands for, not as a variable that
        // happens to share its name.
        if (path.len() > 1 || !via_alias || call_follows)
            && let Some(kind) = classify(&expanded)
        {
            let item = if via_alias {
                format!("{written} ({})", expanded.join("::"))
            } else {
                written.clone()
            };
            self.find(line, kind, item);
        }
        let is_macro = is_punct(tokens.get(next), '!')
            && matches!(tokens.get(next + 1), Some(TokenTree::Group(_)));
        if is_macro {
            let name = expanded.last().cloned().unwrap_or_default();
            if let Some(TokenTree::Group(arguments)) = tokens.get(next + 1) {
                self.macro_call(&name, arguments, line, inline);
            }
            return next + 2;
        }
        next
    }

    /// What a macro call's name and arguments say: `env!`, `include!` and `asm!`.
    fn macro_call(&mut self, name: &str, arguments: &Group, line: usize, inline: Option<&Path>) {
        let inner: Vec<TokenTree> = arguments.stream().into_iter().collect();
        match name {
            "env" | "option_env" => {
                let variable = match inner.first() {
                    Some(TokenTree::Literal(l)) => l.to_string(),
                    _ => "…".into(),
                };
                self.find(line, Kind::Env, format!("{name}!({variable})"));
            }
            "include" | "include_str" | "include_bytes" => {
                let target = match inner.first() {
                    Some(TokenTree::Literal(l)) => string_value(&l.to_string()),
                    _ => None,
                };
                match target {
                    None => self.find(line, Kind::Include, format!("{name}! of a computed path")),
                    Some(target) => match resolve_inside(&self.krate.src, &self.dir, &target) {
                        None => self.find(line, Kind::Include, format!("{name}!({target:?})")),
                        Some(place) => {
                            let is_rust = place.extension().is_some_and(|ext| ext == "rs");
                            if name == "include" && !is_rust && place.is_file() {
                                self.reached.push(place);
                            }
                        }
                    },
                }
            }
            "concat" => {
                let joined: String = inner
                    .iter()
                    .filter_map(|t| match t {
                        TokenTree::Literal(l) => string_value(&l.to_string()),
                        _ => None,
                    })
                    .collect();
                if names_proc(&joined) {
                    self.find(line, Kind::Proc, format!("concat!({})", quoted(&joined)));
                }
            }
            name if ASM_MACROS.contains(&name) => {
                self.find(line, Kind::Linker, format!("{name}!"));
            }
            _ => {}
        }
        self.walk(&inner, inline);
    }
}

/// The metas of an attribute's content: itself, or for `unsafe(x)` its `x`, for
/// `cfg_attr(cond, a, b)` its `a` and `b` (nested as deep as written).
fn attribute_metas(inner: &[TokenTree]) -> Vec<Vec<TokenTree>> {
    let arguments: Option<Vec<TokenTree>> = match inner.get(1) {
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => {
            Some(g.stream().into_iter().collect())
        }
        _ => None,
    };
    match (ident(inner.first()).as_deref(), arguments) {
        (Some("unsafe"), Some(arguments)) => attribute_metas(&arguments),
        (Some("cfg_attr"), Some(arguments)) => split_commas(&arguments)
            .into_iter()
            .skip(1)
            .flat_map(attribute_metas)
            .collect(),
        _ => vec![inner.to_vec()],
    }
}

/// An import of a `use` tree: the full path, the name it binds (`None` for a glob), the line.
struct Import {
    path: Vec<String>,
    binding: Option<String>,
    line: usize,
}

/// Flattens a `use` tree (`a::b::{c, d as e, f::*}`) below `prefix` into its imports.
fn use_tree(tokens: &[TokenTree], prefix: &[String], out: &mut Vec<Import>) {
    for part in split_commas(tokens) {
        let mut path = prefix.to_vec();
        let mut at = 0;
        let mut line = part.first().map_or(0, line_of);
        loop {
            if is_path_sep(part, at) {
                if path.is_empty() {
                    path.push(String::new());
                }
                at += 2;
                continue;
            }
            match part.get(at) {
                Some(TokenTree::Ident(word)) if word == "as" => {
                    if path.last().is_some_and(|last| last == "self") {
                        path.pop();
                    }
                    let binding = ident(part.get(at + 1));
                    out.push(Import {
                        path,
                        binding,
                        line,
                    });
                    break;
                }
                Some(TokenTree::Ident(word)) => {
                    line = line_of(&part[at]);
                    path.push(word.to_string());
                    at += 1;
                }
                Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
                    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                    use_tree(&inner, &path, out);
                    break;
                }
                Some(TokenTree::Punct(p)) if p.as_char() == '*' => {
                    out.push(Import {
                        path,
                        binding: None,
                        line,
                    });
                    break;
                }
                _ => {
                    // `a::b::self` binds `b`.
                    if path.last().is_some_and(|last| last == "self") {
                        path.pop();
                    }
                    let binding = path.last().filter(|s| !s.is_empty()).cloned();
                    if !path.iter().all(String::is_empty) {
                        out.push(Import {
                            path,
                            binding,
                            line,
                        });
                    }
                    break;
                }
            }
        }
    }
}

/// `tokens` split at its top-level commas.
fn split_commas(tokens: &[TokenTree]) -> Vec<&[TokenTree]> {
    tokens
        .split(|token| is_punct(Some(token), ','))
        .filter(|part| !part.is_empty())
        .collect()
}

/// The path at `tokens[at]`: its segments (a leading `::` is an empty first segment; a macro
/// variable, `$x`, is `$`), and the index after it.
fn read_path(tokens: &[TokenTree], at: usize) -> (Vec<String>, usize) {
    let mut segments = Vec::new();
    let mut i = at;
    if is_path_sep(tokens, i) {
        segments.push(String::new());
        i += 2;
    }
    loop {
        match tokens.get(i) {
            Some(TokenTree::Ident(word)) => {
                segments.push(word.to_string());
                i += 1;
            }
            Some(TokenTree::Punct(p)) if p.as_char() == '$' && !segments.is_empty() => {
                segments.push("$".into());
                i += if ident(tokens.get(i + 1)).is_some() {
                    2
                } else {
                    1
                };
            }
            _ => break,
        }
        if is_path_sep(tokens, i) && tokens.get(i + 2).is_some_and(|t| !is_punct(Some(t), '<')) {
            i += 2;
        } else {
            break;
        }
    }
    (segments, i)
}

/// Where `target`, written in a file of `src` (an `include!` or `#[path]` argument), lands when
/// resolved from `base`, lexically; `None` when it is absolute or leaves `src`.
fn resolve_inside(src: &Path, base: &Path, target: &str) -> Option<PathBuf> {
    let mut place = base.to_path_buf();
    for part in Path::new(target).components() {
        match part {
            Component::Normal(name) => place.push(name),
            Component::CurDir => {}
            Component::ParentDir => {
                if !place.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    place.starts_with(src).then_some(place)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scans `files` (path below the crate, text) as the crate `01-x` of a fresh tree; each
    /// finding as `(file, line, kind)`.
    fn scan_files(files: &[(&str, &str)]) -> Vec<(String, usize, &'static str)> {
        scan_files_allowing(files, &[])
    }

    fn scan_files_allowing(
        files: &[(&str, &str)],
        allows: &[Kind],
    ) -> Vec<(String, usize, &'static str)> {
        let tree = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = tree.path().join("01-x").join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        scan(tree.path(), "01-x", allows)
            .into_iter()
            .map(|f| (f.file, f.line, f.kind.as_str()))
            .collect()
    }

    /// The kinds found in one `src/lib.rs`, by line.
    fn kinds(source: &str) -> Vec<(usize, &'static str)> {
        scan_files(&[("src/lib.rs", source)])
            .into_iter()
            .map(|(_, line, kind)| (line, kind))
            .collect()
    }

    #[test]
    fn every_way_to_end_the_process_is_an_exit() {
        let source = "\
pub fn a() { std::process::exit(0) }
pub fn b() { ::std::process::abort() }
pub fn c() { unsafe { libc::_exit(0) } }
pub fn d() { core::intrinsics::abort() }
";
        assert_eq!(
            kinds(source),
            [
                (1, "exit"),
                (2, "exit"),
                (3, "exit"),
                (3, "unsafe"),
                (4, "exit")
            ]
        );
    }

    #[test]
    fn aliases_of_exit_are_found_where_imported_and_where_called() {
        let source = "\
use std::process;
use std::process::exit as quit;
use std::{process::{self as p}};
pub fn a() { process::exit(1) }
pub fn b() { quit(0) }
pub fn c() { p::abort() }
pub fn d(quit: u8) -> u8 { quit }
";
        assert_eq!(
            kinds(source),
            [(2, "exit"), (4, "exit"), (5, "exit"), (6, "exit")]
        );
        let found = scan_files(&[("src/lib.rs", source)]);
        assert_eq!(found[0].0, "01-x/src/lib.rs");
    }

    #[test]
    fn reads_of_the_environment() {
        let source = "\
use std::env;
pub fn a() -> bool { env::var(\"GRADER_NONCE\").is_ok() }
pub fn b() -> usize { std::env::args().count() }
pub fn c() -> &'static str { env!(\"HOME\") }
pub fn d() -> Option<&'static str> { option_env!(\"X\") }
pub fn e() -> usize { std::env::vars_os().count() }
";
        assert_eq!(
            kinds(source),
            [
                (1, "env"),
                (2, "env"),
                (3, "env"),
                (4, "env"),
                (5, "env"),
                (6, "env")
            ]
        );
    }

    #[test]
    fn strings_naming_proc_or_dev_fd_but_not_words_that_start_alike() {
        let source = r####"
pub const A: &str = "/proc/self/environ";
pub const B: &str = r#"/dev/fd/3"#;
pub const C: &[u8] = b"/proc";
pub const D: &str = "\x2fproc/self/fd";
pub const E: &str = concat!("/pr", "oc/self");
pub const F: &str = "/processing/is/fine";
pub const G: &str = "std::process::exit(0) in a string";
"####;
        assert_eq!(
            kinds(source),
            [
                (2, "proc"),
                (3, "proc"),
                (4, "proc"),
                (5, "proc"),
                (6, "proc")
            ]
        );
    }

    #[test]
    fn file_access() {
        let source = "\
use std::fs::File;
pub fn a() { let _ = std::fs::read(\"x\"); }
pub fn b() { let _ = File::open(\"x\"); }
pub fn c() { let _ = std::fs::OpenOptions::new(); }
pub fn d() { let _ = std::io::stdin(); }
use std::os::fd::FromRawFd;
";
        assert_eq!(
            kinds(source),
            [
                (1, "file"),
                (2, "file"),
                (3, "file"),
                (4, "file"),
                (5, "file"),
                (6, "file")
            ]
        );
    }

    #[test]
    fn network_access_and_processes() {
        let source = "\
use std::net::TcpStream;
pub fn a() { let _ = std::os::unix::net::UnixStream::connect(\"s\"); }
pub fn b() { let _ = UdpSocket::bind(\"0:0\"); }
pub fn c() { let _ = std::process::Command::new(\"sh\").status(); }
use std::process::Stdio;
";
        assert_eq!(
            kinds(source),
            [
                (1, "network"),
                (2, "network"),
                (3, "network"),
                (4, "process"),
                (5, "process")
            ]
        );
    }

    #[test]
    fn unsafe_in_every_place_unless_allowed() {
        let source = "\
pub unsafe fn a() {}
pub fn b() { unsafe { a() } }
pub unsafe trait T {}
unsafe impl T for u8 {}
#[unsafe(no_mangle)]
pub extern \"C\" fn c() {}
unsafe extern \"C\" { fn getenv(name: *const u8) -> *const u8; }
";
        assert_eq!(
            kinds(source),
            [
                (1, "unsafe"),
                (2, "unsafe"),
                (3, "unsafe"),
                (4, "unsafe"),
                (5, "unsafe"),
                (5, "linker"),
                (7, "unsafe"),
                (7, "linker")
            ]
        );
        let allowed = scan_files_allowing(&[("src/lib.rs", source)], &[Kind::Unsafe]);
        let kinds: Vec<_> = allowed
            .iter()
            .map(|(_, line, kind)| (*line, *kind))
            .collect();
        assert_eq!(kinds, [(5, "linker"), (7, "linker")]);
    }

    #[test]
    fn linker_tricks_and_the_panic_hook() {
        let source = "\
#[used]
#[link_section = \".init_array\"]
static INIT: extern \"C\" fn() = init;
extern \"C\" fn init() {}
#[export_name = \"main\"]
pub fn m() {}
#[cfg_attr(unix, no_mangle)]
pub fn n() {}
std::arch::global_asm!(\"nop\");
pub fn hook() { std::panic::set_hook(Box::new(|_| {})); let _ = std::panic::take_hook(); }
";
        assert_eq!(
            kinds(source),
            [
                (1, "linker"),
                (2, "linker"),
                (5, "linker"),
                (7, "linker"),
                (9, "linker"),
                (10, "panic_hook")
            ]
        );
    }

    #[test]
    fn comments_strings_and_doc_comments_are_not_code() {
        let source = r#####"
//! Never call `std::process::exit(0)`, never read /proc/self/environ.

// unsafe { std::env::var("X") } in a line comment
/* a block comment /* nested: std::fs::read("x") */ unsafe */

/// Docs may say `unsafe`, `#[no_mangle]`, "/proc" and include!("../../x").
pub fn a() -> &'static str {
    "unsafe { std::process::exit(0) } include!(\"/etc/passwd\")"
}
pub fn b() -> &'static str {
    r#"std::env::var("X") and "quotes" inside"#
}
pub fn c<'unsafe_lifetime>(x: &'unsafe_lifetime str) -> char {
    let _ = x;
    '"'
}
pub fn exit(code: i32) -> i32 { code }
pub fn d() -> i32 { exit(3) }
pub struct Env { pub var: u8 }
pub fn e(env: &Env) -> u8 { env.var }
"#####;
        assert_eq!(kinds(source), []);
    }

    #[test]
    fn include_and_path_outside_src_are_found_inside_are_not() {
        let files = [
            (
                "src/lib.rs",
                "\
mod inner;
#[path = \"../../secret.rs\"]
mod outside;
#[path = \"helpers/h.rs\"]
mod fine;
const A: &str = include_str!(\"../Cargo.toml\");
const B: &str = include_str!(\"data/table.txt\");
const C: &[u8] = include_bytes!(\"/etc/passwd\");
include!(concat!(env!(\"OUT_DIR\"), \"/gen.rs\"));
include!(\"code.in\");
mod nested {
    #[path = \"../x.rs\"]
    mod x;
}
",
            ),
            ("src/inner.rs", "#[path = \"../../y.rs\"] mod y;\n"),
            ("src/helpers/h.rs", ""),
            ("src/data/table.txt", "std::process::exit(0)"),
            // Included as code: scanned as code.
            ("src/code.in", "pub fn f() { std::process::exit(0) }\n"),
            ("src/nested/x.rs", ""),
        ];
        assert_eq!(
            scan_files(&files),
            [
                ("01-x/src/code.in".to_string(), 1, "exit"),
                ("01-x/src/inner.rs".to_string(), 1, "include"),
                ("01-x/src/lib.rs".to_string(), 2, "include"),
                ("01-x/src/lib.rs".to_string(), 6, "include"),
                ("01-x/src/lib.rs".to_string(), 8, "include"),
                ("01-x/src/lib.rs".to_string(), 9, "env"),
                ("01-x/src/lib.rs".to_string(), 9, "include"),
            ]
        );
    }

    #[test]
    fn modules_in_folders_are_scanned() {
        let files = [
            ("src/lib.rs", "mod a;\n"),
            ("src/a/mod.rs", "mod b;\n"),
            (
                "src/a/b.rs",
                "\n\npub fn f() { let _ = std::env::var(\"X\"); }\n",
            ),
        ];
        assert_eq!(
            scan_files(&files),
            [("01-x/src/a/b.rs".to_string(), 3, "env")]
        );
    }

    #[test]
    fn links_out_of_src_and_files_that_do_not_tokenize_are_reported() {
        let tree = tempfile::tempdir().unwrap();
        let src = tree.path().join("01-x/src");
        fs::create_dir_all(&src).unwrap();
        fs::write(tree.path().join("secret.rs"), "pub fn f() {}").unwrap();
        fs::write(src.join("lib.rs"), "mod leak;\nmod broken;\n").unwrap();
        fs::write(src.join("broken.rs"), "pub fn f() { \"unterminated }\n").unwrap();
        std::os::unix::fs::symlink(tree.path().join("secret.rs"), src.join("leak.rs")).unwrap();
        let found: Vec<_> = scan(tree.path(), "01-x", &[])
            .into_iter()
            .map(|f| (f.file, f.kind))
            .collect();
        assert_eq!(
            found,
            [
                ("01-x/src/broken.rs".to_string(), Kind::Unscanned),
                ("01-x/src/leak.rs".to_string(), Kind::Include),
            ]
        );
        // No crate, no findings: grading says why it is missing.
        assert_eq!(scan(tree.path(), "02-missing", &[]), []);
    }

    #[test]
    fn a_finding_carries_the_trimmed_line() {
        let long = format!("    let _ = std::env::var(\"{}\");", "X".repeat(200));
        let found = scan_files_with_text(&long);
        assert_eq!(found.line, 1);
        assert!(
            found.text.starts_with("let _ = std::env::var(\""),
            "{}",
            found.text
        );
        assert_eq!(found.text.chars().count(), TEXT_CHARS);
        assert!(found.text.ends_with('…'));
        assert_eq!(found.item, "std::env::var");
    }

    fn scan_files_with_text(source: &str) -> Finding {
        let tree = tempfile::tempdir().unwrap();
        let src = tree.path().join("01-x/src");
        fs::create_dir_all(&src).unwrap();
        fs::write(src.join("lib.rs"), source).unwrap();
        scan(tree.path(), "01-x", &[]).remove(0)
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Kind::parse("threads"), None);
    }

    /// The invariant the manifest's `integrity_allows` keeps: the reference solutions and the
    /// stubs have nothing out of place.
    #[test]
    fn solutions_and_stubs_have_no_findings() {
        let project =
            crate::project::Project::locate(Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("..")))
                .unwrap();
        let manifest = crate::grade::manifest::load(&project, &project.hidden_dir(), None).unwrap();
        let mut found = Vec::new();
        for tree in [project.solutions_dir(), project.exercises_dir()] {
            for exercise in &manifest.exercises {
                for finding in scan(&tree, &exercise.name, &exercise.integrity_allows) {
                    found.push(format!(
                        "{}/{}:{} {} {}",
                        project.relative(&tree),
                        finding.file,
                        finding.line,
                        finding.kind.as_str(),
                        finding.item
                    ));
                }
            }
        }
        assert!(found.is_empty(), "{}", found.join("\n"));
    }
}
