//! Reading YAML files and folders from disk into [`Source`]s, refusing what is too big,
//! unreadable or not UTF-8 with a clear message.

use crate::diag::{Diagnostic, Pos, Problems};
use crate::library::{Library, Source, builtin_sources};
use crate::routine::{self, Routines};
use crate::yaml::MAX_FILE_BYTES;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// How a path is shown in messages: as given, relative where it was relative.
pub fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Reads one file as a source (at most 1 MB of UTF-8).
pub fn read_source(path: &Path) -> Result<Source, Diagnostic> {
    let name = display(path);
    let file = fs::File::open(path)
        .map_err(|e| Diagnostic::new(&name, format!("cannot read the file: {}", io_reason(&e))))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::new(&name, format!("cannot read the file: {}", io_reason(&e))))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::new(
            &name,
            "the file is larger than 1 MB, the most one YAML file may hold",
        )
        .hint(Some("split the library into several files".into())));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.split(|&b| b == b'\n').count();
        let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        Diagnostic::new(&name, "the file is not UTF-8 text")
            .at(Some(Pos { line, column }))
            .hint(Some("save it as UTF-8".into()))
    })?;
    // Some editors start UTF-8 files with a byte-order mark; YAML does not want it.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(Source {
        name,
        text,
        builtin: false,
    })
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        _ => e.to_string(),
    }
}

/// The `*.yaml` and `*.yml` files directly in `dir`, sorted by name. A missing folder is
/// empty; one that cannot be listed is a problem.
pub fn yaml_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Diagnostic::new(
                display(dir),
                format!("cannot list the folder: {}", io_reason(&e)),
            ));
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml") && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// Sources for every YAML file in the folders, in order; problems for what cannot be read.
pub fn read_dirs(dirs: &[PathBuf]) -> (Vec<Source>, Vec<Diagnostic>) {
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for dir in dirs {
        if !dir.exists() {
            continue;
        }
        if !dir.is_dir() {
            problems.push(Diagnostic::new(
                display(dir),
                "expected a folder of YAML files",
            ));
            continue;
        }
        match yaml_files(dir) {
            Ok(files) => {
                for f in files {
                    match read_source(&f) {
                        Ok(s) => sources.push(s),
                        Err(d) => problems.push(d),
                    }
                }
            }
            Err(d) => problems.push(d),
        }
    }
    (sources, problems)
}

/// Where stretches come from: the built-ins, the user's folder, then each `--library` folder.
pub fn stretch_sources(extra: &[PathBuf]) -> Result<Vec<Source>, Problems> {
    let mut dirs: Vec<PathBuf> = crate::paths::user_stretches().into_iter().collect();
    for d in extra {
        if !d.is_dir() {
            return Err(Problems(vec![Diagnostic::new(
                display(d),
                if d.exists() {
                    "`--library` expects a folder of stretch files"
                } else {
                    "no such folder (given with `--library`)"
                },
            )]));
        }
        dirs.push(d.clone());
    }
    let (user, problems) = read_dirs(&dirs);
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    let mut sources = builtin_sources();
    sources.extend(user);
    Ok(sources)
}

/// The whole library: built-in, user, `--library` folders.
pub fn library(extra: &[PathBuf]) -> Result<Library, Problems> {
    Library::from_sources(&stretch_sources(extra)?)
}

/// Where routines come from: the built-ins, then the user's folder.
pub fn routine_sources() -> Result<Vec<Source>, Problems> {
    let dirs: Vec<PathBuf> = crate::paths::user_routines().into_iter().collect();
    let (user, problems) = read_dirs(&dirs);
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    let mut sources = routine::builtin_sources();
    sources.extend(user);
    Ok(sources)
}

/// Every routine: built-in, then the user's.
pub fn routines(library: &Library) -> Result<Routines, Problems> {
    Routines::from_sources(&routine_sources()?, library)
}
