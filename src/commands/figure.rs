//! `supple figure ID`: a stretch's stick figure as text or as an SVG picture, and the
//! figure `supple show` prints above its text.

use crate::cli::FigureArgs;
use crate::library::{Sides, Stretch};
use crate::tui::figure::text;
use ratatui::symbols::Marker;
use std::io::Write;
use std::path::Path;

use super::Failure;

/// The size of one pose as text: wide enough to read, short enough to leave the page
/// its words.
const COLS: u16 = 30;
const ROWS: u16 = 12;

/// The figure as lines of text at most `width` cells wide, keyframes side by side, with a
/// line saying what moves.
pub fn figure_text(s: &Stretch, mirrored: bool, marker: Marker, width: usize) -> Option<String> {
    let figure = s.figure.as_ref()?;
    let frames = figure.frames.len() as u16;
    let room = u16::try_from(width.saturating_sub(2)).unwrap_or(u16::MAX);
    let cols = (room.saturating_sub(3 * (frames - 1)) / frames).clamp(8, COLS);
    let rows = (cols * 2 / 5).clamp(6, ROWS);
    let mut out = String::new();
    for line in text(figure, mirrored, marker, cols, rows) {
        out.push_str("  ");
        out.push_str(&line);
        out.push('\n');
    }
    let mut notes = Vec::new();
    if figure.moves() {
        notes.push(if s.dose.is_hold() {
            "the ends of the movement".to_string()
        } else {
            "a rep goes from the first pose to the last and back".to_string()
        });
    }
    match (s.sides, mirrored) {
        (Sides::Each | Sides::Alternating, false) => {
            notes.push("left side; the right is its mirror image".into());
        }
        (_, true) => notes.push("right side".into()),
        (Sides::Both, false) => {}
    }
    if !notes.is_empty() {
        let note = format!("({})", notes.join("; "));
        out.push_str(&crate::text::wrap_indented(&note, width, "   ", "  "));
    }
    Some(out)
}

/// `supple show`'s page, with the figure drawn with `marker` between the name (and
/// summary) and the fields.
pub fn show_with_figure(
    s: &Stretch,
    lib: &crate::library::Library,
    width: usize,
    marker: Option<Marker>,
) -> String {
    let mut text = super::show::show(s, lib, width);
    if let Some(pic) = marker.and_then(|m| figure_text(s, false, m, width)) {
        let at = text.find("\n\n").map_or(0, |i| i + 2);
        text.insert_str(at, &format!("{pic}\n"));
    }
    text
}

/// `supple figure`.
pub(super) fn figure(s: &Stretch, args: &FigureArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let Some(figure) = &s.figure else {
        return Err(Failure::Message(format!(
            "the stretch `{}` has no figure yet (add one under `figure:` in {}:{}; the README shows how)",
            s.id, s.origin.file, s.origin.line
        )));
    };
    let body = if args.svg {
        let side = if args.right { ", right side" } else { "" };
        crate::figure::svg::svg(figure, args.right, &format!("{}{side}", s.name))
    } else {
        let marker = if args.blocks {
            Marker::HalfBlock
        } else {
            Marker::Braille
        };
        figure_text(s, args.right, marker, super::terminal_width()).unwrap_or_default()
    };
    match &args.output {
        None => out.write_all(body.as_bytes())?,
        Some(path) => {
            write_file(path, &body, args.force).map_err(Failure::Message)?;
            crate::diag::say(&format!("wrote {}", path.display()));
        }
    }
    Ok(())
}

/// Writes a new file; an existing one only with `force`, and never a folder or a special
/// file.
fn write_file(path: &Path, text: &str, force: bool) -> Result<(), String> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if !force => {
            let what = if meta.is_dir() { "a folder" } else { "a file" };
            Err(format!(
                "{} already exists ({what}); choose another name, or add --force to replace a file",
                path.display()
            ))
        }
        Ok(meta) if !meta.is_file() => Err(format!(
            "{} is not a regular file; --force only replaces files",
            path.display()
        )),
        Ok(_) => {
            std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        Err(_) => crate::load::write_new(path, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;

    #[test]
    fn show_prints_the_figure_above_the_fields() {
        let lib = Library::builtin().unwrap();
        let page = |id: &str, marker| show_with_figure(lib.get(id).unwrap(), &lib, 80, marker);
        insta::assert_snapshot!("show_cat_cow", page("cat-cow", Some(Marker::Braille)));
        insta::assert_snapshot!(
            "show_pigeon_blocks",
            page("pigeon-pose", Some(Marker::HalfBlock))
        );
        // Without a marker the page is `show`'s own.
        let plain = page("cat-cow", None);
        assert_eq!(
            plain,
            super::super::show::show(lib.get("cat-cow").unwrap(), &lib, 80)
        );
        assert!(
            !plain
                .chars()
                .any(|c| ('\u{2800}'..='\u{28ff}').contains(&c))
        );
    }

    #[test]
    fn the_figure_fits_the_width_it_is_given() {
        let lib = Library::builtin().unwrap();
        for s in lib.stretches() {
            for width in [40, 80, 100] {
                let text = figure_text(s, true, Marker::Braille, width).unwrap();
                for line in text.lines() {
                    assert!(
                        crate::text::width(line) <= width,
                        "{} at {width}: {line}",
                        s.id
                    );
                }
            }
        }
    }
}
