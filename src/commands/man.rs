//! `supple man`: one manual page for the whole program. clap writes the title, the name,
//! the synopsis, the description and the global options; the rest is ours: every
//! subcommand with its own options (there are no `supple-run(1)` pages to point to), the
//! examples kept as typed, the keys from the key tables, the files, the environment, the
//! exit status and the safety guidance.

use crate::tui::keys;
use clap::{Arg, Command};
use std::fmt::Write as _;
use std::io::{self, Write};

/// Text escaped for roff: backslashes, hyphens, and a line that would start with a
/// control character.
pub fn escape(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    s.lines()
        .map(|l| {
            if l.starts_with('.') || l.starts_with('\'') {
                format!("\\&{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Lines kept as they are (no filling, no adjusting), indented.
fn verbatim(r: &mut String, text: &str) {
    r.push_str(".RS 4\n.nf\n");
    for line in text.lines() {
        let _ = writeln!(r, "{}", escape(line));
    }
    r.push_str(".fi\n.RE\n");
}

/// `--area <AREA>`, `-o, --output <FILE>`, `<ROUTINE>`.
fn arg_name(a: &Arg) -> String {
    // A switch (`--plain`) takes no value, whatever name clap keeps for it.
    let value = a
        .get_value_names()
        .and_then(|v| v.first())
        .filter(|_| a.get_action().takes_values())
        .map(|v| format!(" \\fI<{}>\\fR", escape(v)))
        .unwrap_or_default();
    match (a.get_short(), a.get_long()) {
        (Some(s), Some(l)) => format!("\\fB\\-{s}\\fR, \\fB\\-\\-{}\\fR{value}", escape(l)),
        (None, Some(l)) => format!("\\fB\\-\\-{}\\fR{value}", escape(l)),
        (Some(s), None) => format!("\\fB\\-{s}\\fR{value}"),
        (None, None) => format!("\\fI<{}>\\fR", escape(a.get_id().as_str()).to_uppercase()),
    }
}

/// Whether clap would list an argument (not the help and version it adds itself).
fn listed(a: &Arg) -> bool {
    !a.is_hide_set() && !matches!(a.get_id().as_str(), "help" | "version")
}

/// The SUBCOMMANDS section: each one's synopsis, what it does, its options, its examples.
fn subcommands(cmd: &Command) -> String {
    let mut r = String::from(".SH SUBCOMMANDS\n");
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let positionals: Vec<String> = sub
            .get_positionals()
            .map(|a| {
                let name = format!("<{}>", a.get_id().as_str().to_uppercase());
                if a.is_required_set() {
                    format!("\\fI{name}\\fR")
                } else {
                    format!("[\\fI{name}\\fR]")
                }
            })
            .collect();
        let has_options = sub.get_arguments().any(|a| listed(a) && !a.is_positional());
        let _ = writeln!(
            r,
            ".SS \"supple {}\"\n\\fBsupple {}\\fR{}{}",
            sub.get_name(),
            sub.get_name(),
            if has_options {
                " [\\fIOPTIONS\\fR]"
            } else {
                ""
            },
            positionals.iter().fold(String::new(), |mut s, p| {
                s.push(' ');
                s.push_str(p);
                s
            })
        );
        let about = sub
            .get_long_about()
            .or(sub.get_about())
            .map(ToString::to_string)
            .unwrap_or_default();
        let _ = writeln!(r, ".PP\n{}", escape(&about));
        for a in sub.get_arguments().filter(|a| listed(a)) {
            let help = a
                .get_long_help()
                .or(a.get_help())
                .map(ToString::to_string)
                .unwrap_or_default();
            let _ = writeln!(r, ".TP\n{}\n{}", arg_name(a), escape(&help));
        }
        if let Some(after) = sub.get_after_help() {
            r.push_str(".PP\n");
            verbatim(&mut r, &after.to_string());
        }
    }
    r
}

/// The KEYS section, from the tables the screens match keys with.
fn keys_section() -> String {
    let mut r = String::from(".SH KEYS\n");
    let tables: [(&str, Vec<(&str, &str)>); 4] = [
        ("While a routine runs", keys::help(keys::COUNTDOWN)),
        ("Asked whether to quit", keys::help(keys::QUIT_PROMPT)),
        ("On the home screen", keys::help(keys::HOME)),
        ("In the picker", keys::help(keys::PICKER)),
    ];
    for (title, rows) in tables {
        // One key a line, with no gap between them.
        let _ = writeln!(r, ".SS \"{title}\"\n.PD 0");
        for (key, does) in rows {
            let _ = writeln!(r, ".TP 12\n\\fB{}\\fR\n{}", escape(key), escape(does));
        }
        r.push_str(".PD\n");
    }
    r.push_str(".SS \"On the summary\"\n.PP\nAny key leaves it.\n");
    r
}

const FILES: &[(&str, &str)] = &[
    (
        "~/.config/supple/config.yaml",
        "Settings: get-ready, switch and rest times, the pacer, the voice, conditions to respect ($XDG_CONFIG_HOME/supple/config.yaml).",
    ),
    (
        "~/.config/supple/stretches/*.yaml",
        "Your own stretches; a stretch with the id of a built-in one replaces it.",
    ),
    (
        "~/.config/supple/routines/*.yaml",
        "Your own routines, run by name; `supple build -o` and the picker's save write here (never over a file).",
    ),
    (
        "~/.config/supple/schema/routine.schema.json",
        "The JSON Schema that the routines supple writes point to, for editors.",
    ),
    (
        "~/.local/share/supple/history.jsonl",
        "One line per finished or stopped run, appended and never rewritten ($XDG_DATA_HOME/supple/history.jsonl).",
    ),
    (
        "~/.local/state/supple/safety-seen",
        "Present once the safety guidance has been shown before a first run ($XDG_STATE_HOME/supple/safety-seen).",
    ),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "HOME",
        "Where the folders below are when their XDG variable is not set.",
    ),
    (
        "XDG_CONFIG_HOME",
        "The settings, your stretches and your routines are in its supple folder (default ~/.config).",
    ),
    (
        "XDG_DATA_HOME",
        "The history is in its supple folder (default ~/.local/share).",
    ),
    (
        "XDG_STATE_HOME",
        "The mark that the safety guidance was shown is in its supple folder (default ~/.local/state).",
    ),
    (
        "NO_COLOR",
        "Set to anything: no colour; the screens mark what matters with bold and reverse video.",
    ),
    (
        "TERM",
        "Unset or dumb: a routine runs line by line, as with --plain.",
    ),
    (
        "PATH",
        "Where the voice (spd-say, espeak-ng, espeak, say, piper) and notify-send are looked for.",
    ),
];

const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Done, or quit with q."),
    (
        "1",
        "Bad input or a failure; the message says which file, line and field.",
    ),
    (
        "2",
        "Wrong usage: an unknown flag, a missing argument, a bad value.",
    ),
    (
        "129",
        "SIGHUP: the terminal went away (a closed window too).",
    ),
    ("130", "SIGINT: Ctrl-C."),
    ("131", "SIGQUIT: Ctrl-\\."),
    ("143", "SIGTERM."),
];

/// A section of `.TP` entries.
fn list(title: &str, rows: &[(&str, &str)]) -> String {
    let mut r = format!(".SH {title}\n");
    for (what, says) in rows {
        let _ = writeln!(r, ".TP\n\\fB{}\\fR\n{}", escape(what), escape(says));
    }
    r
}

/// The whole page.
pub fn page(out: &mut dyn Write) -> io::Result<()> {
    let cmd = <crate::cli::Cli as clap::CommandFactory>::command();
    let page = clap_mangen::Man::new(cmd.clone());
    page.render_title(out)?;
    page.render_name_section(out)?;
    page.render_synopsis_section(out)?;
    page.render_description_section(out)?;
    page.render_options_section(out)?;
    let mut r = subcommands(&cmd);
    r.push_str(".SH EXAMPLES\n");
    let examples = crate::cli::EXAMPLES
        .strip_prefix("Examples:\n")
        .unwrap_or(crate::cli::EXAMPLES);
    verbatim(&mut r, examples);
    r.push_str(&keys_section());
    r.push_str(&list("FILES", FILES));
    r.push_str(&list("ENVIRONMENT", ENVIRONMENT));
    r.push_str(&list("EXIT STATUS", EXIT_STATUS));
    r.push_str(&crate::safety::man_section());
    out.write_all(r.as_bytes())?;
    page.render_version_section(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> String {
        let mut out = Vec::new();
        page(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn has_every_section_and_no_pages_that_do_not_exist() {
        let m = text();
        for section in [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH DESCRIPTION",
            ".SH OPTIONS",
            ".SH SUBCOMMANDS",
            ".SH EXAMPLES",
            ".SH KEYS",
            ".SH FILES",
            ".SH ENVIRONMENT",
            ".SH EXIT STATUS",
            ".SH SAFETY",
        ] {
            assert_eq!(m.matches(section).count(), 1, "{section}");
        }
        assert!(!m.contains("(1)"), "no references to other pages");
        assert!(!m.contains(".SH EXTRA"));
        for sub in ["run", "plan", "history", "build", "check", "man"] {
            assert!(m.contains(&format!(".SS \"supple {sub}\"")), "{sub}");
        }
        assert!(m.contains("\\fB\\-\\-since\\fR \\fI<DATE>\\fR"), "{m}");
        assert!(m.contains("\\fB\\-o\\fR, \\fB\\-\\-output\\fR \\fI<FILE>\\fR"));
        // A switch takes no value.
        assert!(m.contains("\\fB\\-\\-plain\\fR\n"), "{m}");
        assert!(!m.contains("<PLAIN>") && !m.contains("<NO_BELL>"), "{m}");
    }

    #[test]
    fn the_keys_come_from_the_key_tables() {
        let m = text();
        for (key, does) in keys::help(keys::COUNTDOWN)
            .into_iter()
            .chain(keys::help(keys::HOME))
            .chain(keys::help(keys::PICKER))
        {
            let entry = format!("\\fB{}\\fR\n{}\n", escape(key), escape(does));
            assert!(m.contains(&entry), "{entry}");
        }
    }

    #[test]
    fn examples_are_kept_as_typed() {
        let m = text();
        let at = m.find(".SH EXAMPLES\n").unwrap();
        let block = &m[at..];
        assert!(block.starts_with(".SH EXAMPLES\n.RS 4\n.nf\n"), "{block}");
        let end = block.find(".fi\n").unwrap();
        let lines: Vec<&str> = block[..end].lines().skip(3).collect();
        assert_eq!(lines.len(), crate::cli::EXAMPLES.lines().count() - 1);
        assert!(lines[0].starts_with("  supple run morning  "), "{lines:?}");
        // No line of the page starts with a quote or an unescaped dot of text.
        assert!(m.lines().all(|l| !l.starts_with('\'')));
    }
}
