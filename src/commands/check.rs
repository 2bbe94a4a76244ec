//! `supple check`: every file supple reads, or the ones named, checked.

use crate::diag::{Diagnostic, Problems};
use crate::library::{Library, Source, Stretch, StretchFile, clock, read_stretch_file};
use crate::load;
use crate::routine::{Gaps, parse_routine};
use crate::settings::Settings;
use crate::timeline::Timeline;
use serde::Serialize;
use std::collections::HashMap;
use std::io;
use std::io::Write;
use std::path::PathBuf;

use super::{Env, Failure};
use crate::text::plural;

/// The stretch files read so far, in order.
#[derive(Default)]
struct Checked {
    files: Vec<CheckedFile>,
    /// Their names, in order, for building the library once they are all read.
    order: Vec<String>,
    /// The sources of those that name an alternative, whose lines a problem may quote.
    quoted: Vec<Source>,
}

struct CheckedFile {
    name: String,
    builtin: bool,
    read: StretchFile,
}

impl Checked {
    /// Reads one stretch file, and keeps its text only if it names an alternative.
    fn read(&mut self, source: Source) {
        let read = read_stretch_file(&source);
        let alternatives = read.stretches.iter().any(|s| s.alternative.is_some());
        self.order.push(source.name.clone());
        self.files.push(CheckedFile {
            name: source.name.clone(),
            builtin: source.builtin,
            read,
        });
        if alternatives {
            self.quoted.push(source);
        }
    }
}

/// What kind of file a YAML text holds.
#[derive(Clone)]
pub(super) enum FileKind {
    Stretches,
    Routine,
    Settings,
    Unknown(String),
}

pub(super) fn kind_of_file(source: &Source) -> FileKind {
    if crate::routine::stem(&source.name) == "config" {
        return FileKind::Settings;
    }
    match crate::yaml::parse_shape(&source.text).map(|n| n.value) {
        // Syntax errors and empty files are reported by the stretch reader.
        Ok(crate::yaml::Value::Seq(_) | crate::yaml::Value::Null) | Err(_) => FileKind::Stretches,
        Ok(crate::yaml::Value::Map(m)) if m.contains_key("id") && !m.contains_key("steps") => {
            FileKind::Unknown(
                "this looks like one stretch, but a stretch file is a list of them; start the stretch with `- ` (`- id: ...`) and indent the rest to match".into(),
            )
        }
        // Any other mapping is read as a routine, whose reader names missing or misspelled
        // fields (`stpes` -> did you mean `steps`?).
        Ok(crate::yaml::Value::Map(_)) => FileKind::Routine,
        Ok(other) => FileKind::Unknown(format!(
            "expected a list of stretches (`- id: ...`) or a routine (`name:` and `steps:`), found {}",
            crate::yaml::kind_of(&other)
        )),
    }
}

/// `supple check`: validates the named files and folders, or everything supple reads.
/// One problem as data, for editors: `supple check --json`.
#[derive(Serialize)]
pub(super) struct ProblemJson<'a> {
    file: &'a str,
    /// From 1; none for a problem with the whole file.
    line: Option<usize>,
    /// From 1, in characters; none with `line`.
    column: Option<usize>,
    /// "stretch `pigeon`", "routine `morning`, step 3".
    context: Option<&'a str>,
    /// Dotted for nested fields: `breath.in`.
    field: Option<&'a str>,
    message: &'a str,
    suggestion: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct CheckJson<'a> {
    /// Every problem counted, those past a file's listed ones included.
    count: usize,
    problems: Vec<ProblemJson<'a>>,
}

/// `supple check`: the `ok` lines and the summary go to `out`; with `json`, the problems
/// go there as JSON instead of to stderr.
pub(super) fn check(
    env: &Env,
    paths: &[PathBuf],
    out: &mut dyn Write,
    json: Option<&mut dyn Write>,
) -> Result<u8, Failure> {
    let mut problems: Vec<Diagnostic> = Vec::new();
    // Each stretch file is read as soon as it is found, alone, so that every file's
    // problems are found; its text is let go then, unless a problem with an alternative
    // may still quote its lines.
    let mut checked = Checked::default();
    let mut routine_sources: Vec<Source> = Vec::new();
    let mut settings_sources: Vec<Source> = Vec::new();
    let mut named = 0;
    if paths.is_empty() {
        match load::stretch_sources(&env.paths, &env.library) {
            Ok(s) => {
                problems.extend(s.problems);
                s.value.into_iter().for_each(|source| checked.read(source));
            }
            Err(mut p) => problems.append(&mut p.0),
        }
        let mut routines = load::routine_sources(&env.paths);
        routine_sources = routines.value;
        problems.append(&mut routines.problems);
        if let Some(config) = env.paths.config_file() {
            match load::read_optional(&config) {
                Ok(s) => settings_sources.extend(s),
                Err(d) => problems.push(d),
            }
        }
    } else {
        // Each file with the kind it must be: in a config folder's `stretches/` and
        // `routines/` that is what supple will read them as; elsewhere, what they hold.
        let mut files: Vec<(PathBuf, Option<FileKind>)> = Vec::new();
        for p in paths {
            if p.is_dir() {
                let mut dirs = vec![(p.clone(), None)];
                for (sub, kind) in [
                    ("stretches", FileKind::Stretches),
                    ("routines", FileKind::Routine),
                ] {
                    if p.join(sub).is_dir() {
                        dirs.push((p.join(sub), Some(kind)));
                    }
                }
                for (d, kind) in dirs {
                    match load::yaml_files(&d) {
                        Ok((f, mut skipped)) => {
                            files.extend(f.into_iter().map(|f| (f, kind.clone())));
                            problems.append(&mut skipped);
                        }
                        Err(e) => problems.push(e),
                    }
                }
            } else {
                files.push((p.clone(), None));
            }
        }
        named = files.len();
        for (f, kind) in files {
            match load::read_source(&f) {
                Ok(source) => match kind.unwrap_or_else(|| kind_of_file(&source)) {
                    FileKind::Stretches => checked.read(source),
                    FileKind::Routine => routine_sources.push(source),
                    FileKind::Settings => settings_sources.push(source),
                    FileKind::Unknown(why) => problems.push(Diagnostic::new(&source.name, why)),
                },
                Err(d) => problems.push(d),
            }
        }
    }
    let mut stretches = 0;
    for file in &checked.files {
        if file.read.problems.is_empty() {
            stretches += file.read.stretches.len();
            if !file.builtin {
                let _ = writeln!(
                    out,
                    "ok  {} ({})",
                    file.name,
                    plural(file.read.stretches.len(), "stretch", "stretches")
                );
            }
        } else {
            problems.extend(file.read.problems.iter().cloned());
        }
    }
    // ... then routines against everything known: built-ins, user folders and these files,
    // in that order, with every stretch that did read, from files with problems too.
    // Checking everything, those are the files just read; checking named files, the others
    // are read here, each once.
    // The stretches whose `alternative` must name a stretch known somewhere: in these
    // files, the user's folders or the built-ins.
    let with_alternatives: Vec<Stretch> = checked
        .files
        .iter()
        .flat_map(|f| f.read.stretches.iter().filter(|s| s.alternative.is_some()))
        .cloned()
        .collect();
    let stretch_files = checked.files.len();
    let mut lib = Library::default();
    // Room for them all at once, so that the list is not copied as it grows.
    lib.reserve(checked.files.iter().map(|f| f.read.stretches.len()).sum());
    let mut known: HashMap<String, StretchFile> = checked
        .files
        .into_iter()
        .map(|f| (f.name, f.read))
        .collect();
    let others = if paths.is_empty() {
        Vec::new()
    } else {
        load::stretch_sources(&env.paths, &env.library)
            .map_or_else(|_| crate::library::builtin_sources(), |s| s.value)
    };
    for source in others {
        let file = known
            .remove(source.name.as_str())
            .unwrap_or_else(|| read_stretch_file(&source));
        file.stretches.into_iter().for_each(|s| lib.insert(s));
    }
    for name in &checked.order {
        if let Some(file) = known.remove(name.as_str()) {
            file.stretches.into_iter().for_each(|s| lib.insert(s));
        }
    }
    problems.extend(lib.unknown_alternatives(with_alternatives.iter(), &checked.quoted));
    // Totals as `plan` shows them: with config.yaml's times (a broken config is reported
    // below, and the built-in times stand in for it here).
    let config = env.settings().cloned().unwrap_or_default();
    let mut routines = 0;
    for source in &routine_sources {
        match parse_routine(source, &lib) {
            Ok(r) => {
                routines += 1;
                if !source.builtin {
                    let t = Timeline::build(&r, Gaps::default(), config.gaps);
                    let _ = writeln!(
                        out,
                        "ok  {} (routine `{}`, {})",
                        source.name,
                        r.name,
                        clock(t.total)
                    );
                }
            }
            Err(mut p) => problems.append(&mut p.0),
        }
    }
    for source in &settings_sources {
        match Settings::parse(source) {
            Ok(_) => {
                let _ = writeln!(out, "ok  {} (settings)", source.name);
            }
            Err(mut p) => problems.append(&mut p.0),
        }
    }
    if let Some(json) = json {
        let report = CheckJson {
            count: crate::diag::count(&problems),
            problems: problems
                .iter()
                .map(|d| ProblemJson {
                    file: &d.file,
                    line: d.pos.map(|p| p.line),
                    column: d.pos.map(|p| p.column),
                    context: d.context.as_deref(),
                    field: d.field.as_deref(),
                    message: &d.message,
                    suggestion: d.hint.as_deref(),
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut *json, &report).map_err(io::Error::from)?;
        writeln!(json)?;
        return if problems.is_empty() {
            Ok(0)
        } else {
            Err(Failure::Exit(1))
        };
    }
    let files = (stretch_files + routine_sources.len() + settings_sources.len()).max(named);
    let files = plural(files, "file", "files");
    if problems.is_empty() {
        writeln!(
            out,
            "checked {files}: {}, {}, no problems",
            plural(stretches, "stretch", "stretches"),
            plural(routines, "routine", "routines")
        )?;
        Ok(0)
    } else {
        let n = crate::diag::count(&problems);
        let summary = format!("{} in {files} checked", plural(n, "problem", "problems"));
        Err(Failure::Checked(Problems(problems), summary))
    }
}
