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

/// What kind of thing a path is when it is not a regular file: "a FIFO", "a folder".
pub fn kind_name(t: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a link"
    } else {
        "not a file"
    }
}

/// The type of `path` (followed through links) when it is there but is not a regular file:
/// a FIFO or a terminal would block a read for ever, a device would never end.
pub fn irregular(path: &Path) -> Option<fs::FileType> {
    let t = fs::metadata(path).ok()?.file_type();
    (!t.is_file()).then_some(t)
}

/// "not a regular file (a FIFO)", or "it is a folder, not a file".
pub fn irregular_reason(t: fs::FileType) -> String {
    if t.is_dir() {
        "it is a folder, not a file".into()
    } else {
        format!("not a regular file ({})", kind_name(t))
    }
}

/// Opens a regular file for reading, and nothing else: a FIFO, socket or device is refused
/// before it is opened, and the open itself does not wait (should the path change in
/// between), so no file name can make supple hang.
pub fn open_regular(path: &Path) -> std::io::Result<fs::File> {
    if let Some(t) = irregular(path) {
        return Err(std::io::Error::other(irregular_reason(t)));
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(NONBLOCK);
    }
    let file = options.open(path)?;
    let t = file.metadata()?.file_type();
    if !t.is_file() {
        return Err(std::io::Error::other(irregular_reason(t)));
    }
    Ok(file)
}

/// `O_NONBLOCK`: opening a FIFO for reading returns at once instead of waiting for a writer
/// (no effect on regular files).
#[cfg(any(target_os = "linux", target_os = "android"))]
const NONBLOCK: i32 = 0o4000;
#[cfg(any(
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd",
    target_os = "dragonfly"
))]
const NONBLOCK: i32 = 0x0004;
#[cfg(all(
    unix,
    not(any(
        target_os = "linux",
        target_os = "android",
        target_os = "macos",
        target_os = "ios",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd",
        target_os = "dragonfly"
    ))
))]
const NONBLOCK: i32 = 0;

/// Reads one file as a source (at most 1 MB of UTF-8).
pub fn read_source(path: &Path) -> Result<Source, Diagnostic> {
    let name = display(path);
    match irregular(path) {
        Some(t) if t.is_dir() => {
            return Err(Diagnostic::new(
                &name,
                "cannot read the file: it is a folder, not a file",
            ));
        }
        Some(t) => {
            return Err(Diagnostic::new(
                &name,
                format!(
                    "{}; supple reads only regular YAML files",
                    irregular_reason(t)
                ),
            ));
        }
        None => {}
    }
    let file = open_regular(path)
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

/// Reads a file that need not be there (`config.yaml`): `None` when there is no such file
/// (nor a link by that name); a dangling link, a FIFO or an unreadable file is a problem.
pub fn read_optional(path: &Path) -> Result<Option<Source>, Diagnostic> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        _ => read_source(path).map(Some),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        std::io::ErrorKind::NotADirectory => "part of the path is a file, not a folder".into(),
        _ => e.to_string(),
    }
}

/// The `*.yaml` and `*.yml` files directly in `dir`, sorted by name, and a problem for
/// each entry with such a name that is skipped: a FIFO, socket, device or folder, a link
/// to nothing or a link loop. A missing folder is empty; one that cannot be listed is a
/// problem.
pub fn yaml_files(dir: &Path) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), Diagnostic> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Vec::new(), Vec::new()));
        }
        Err(e) => {
            return Err(Diagnostic::new(
                display(dir),
                format!("cannot list the folder: {}", io_reason(&e)),
            ));
        }
    };
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for entry in entries {
        let path = match entry {
            Ok(e) => e.path(),
            Err(e) => {
                skipped.push(Diagnostic::new(
                    display(dir),
                    format!("cannot list every file in the folder: {}", io_reason(&e)),
                ));
                continue;
            }
        };
        if !path.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            continue;
        }
        if let Some(why) = skip_reason(&path) {
            skipped.push(Diagnostic::new(display(&path), format!("{why}; skipped")));
        } else {
            files.push(path);
        }
    }
    files.sort();
    skipped.sort_by(|a, b| a.file.cmp(&b.file));
    Ok((files, skipped))
}

/// Why a YAML-named entry of a folder is not read, if it is not.
fn skip_reason(path: &Path) -> Option<String> {
    match fs::metadata(path) {
        Ok(m) if m.is_file() => None,
        Ok(m) => Some(format!(
            "{}; supple reads only regular YAML files",
            irregular_reason(m.file_type())
        )),
        Err(e) => {
            let link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            Some(match (link, e.kind()) {
                (true, std::io::ErrorKind::NotFound) => {
                    "a link to a file that does not exist".to_string()
                }
                (true, _) => format!("a link that cannot be followed: {}", io_reason(&e)),
                (false, _) => format!("cannot read the file: {}", io_reason(&e)),
            })
        }
    }
}

/// Sources for every YAML file in the folders, in order; a problem for each file or folder
/// that cannot be read. A folder that is not there is no problem (none has to be).
pub fn read_dirs(dirs: &[PathBuf]) -> (Vec<Source>, Vec<Diagnostic>) {
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for dir in dirs {
        match fs::metadata(dir) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                problems.push(Diagnostic::new(
                    display(dir),
                    "expected a folder of YAML files; left out",
                ));
                continue;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if fs::symlink_metadata(dir).is_ok() {
                    problems.push(Diagnostic::new(
                        display(dir),
                        "a link to a folder that does not exist; left out",
                    ));
                }
                continue;
            }
            Err(e) => {
                problems.push(Diagnostic::new(
                    display(dir),
                    format!("cannot read the folder: {}; left out", io_reason(&e)),
                ));
                continue;
            }
        }
        match yaml_files(dir) {
            Ok((files, mut skipped)) => {
                problems.append(&mut skipped);
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
