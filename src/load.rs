//! The user's files on disk: reading YAML files and folders into [`Source`]s (refusing
//! what is too big, unreadable, not UTF-8 or not a regular file, with a clear message),
//! reading `config.yaml`, and writing new routine files (never over an existing one) with
//! the schema they name.

use crate::diag::{Diagnostic, Pos, Problems};
use crate::library::{Library, Source, builtin_sources};
use crate::paths::Paths;
use crate::routine::{self, Routine, Routines};
use crate::settings::Settings;
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
    let mut options = fs::OpenOptions::new();
    options.read(true);
    open_regular_with(path, &mut options)
}

/// [`open_regular`] with other options (appending to the history, creating it).
pub fn open_regular_with(path: &Path, options: &mut fs::OpenOptions) -> std::io::Result<fs::File> {
    if let Some(t) = irregular(path) {
        return Err(std::io::Error::other(irregular_reason(t)));
    }
    std::os::unix::fs::OpenOptionsExt::custom_flags(options, NONBLOCK);
    let file = options.open(path)?;
    let t = file.metadata()?.file_type();
    if !t.is_file() {
        return Err(std::io::Error::other(irregular_reason(t)));
    }
    Ok(file)
}

/// `O_NONBLOCK`: opening a FIFO returns at once instead of waiting for the other end (no
/// effect on regular files).
pub const NONBLOCK: i32 = rustix::fs::OFlags::NONBLOCK.bits().cast_signed();

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

/// What loaded, and the problems met on the way. The command decides what they mean:
/// `check` fails on them, every other command shows them as warnings and goes on with the
/// rest.
#[derive(Debug, Clone, Default)]
pub struct Loaded<T> {
    pub value: T,
    pub problems: Vec<Diagnostic>,
}

/// A user file left out whole because it has problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// The file, as messages name it.
    pub file: String,
    /// What would have come from it: a stretch file's ids; a routine's name, then its file
    /// stem when that differs.
    pub names: Vec<String>,
    pub problems: Vec<Diagnostic>,
}

/// The library, and the user's stretch files left out of it.
#[derive(Debug, Clone, Default)]
pub struct Stretches {
    pub library: Library,
    pub broken: Vec<Broken>,
}

/// The routines, and the user's routine files left out.
#[derive(Debug, Clone, Default)]
pub struct AllRoutines {
    pub routines: Routines,
    pub broken: Vec<Broken>,
}

impl AllRoutines {
    /// The broken routine file a name asks for: one whose routine has that name, or else
    /// (when no good routine answers to it) one whose file stem it is.
    pub fn broken_named(&self, name: &str) -> Option<&Broken> {
        self.broken
            .iter()
            .find(|b| b.names.first().is_some_and(|n| n == name))
            .or_else(|| {
                if self.routines.get(name).is_some() {
                    return None;
                }
                self.broken
                    .iter()
                    .find(|b| b.names.iter().any(|n| n == name))
            })
    }
}

/// Where stretches come from: the built-ins, the user's folder, then each `--library`
/// folder. A `--library` that is not a folder stops the command; a file or folder that
/// cannot be read is a problem beside the sources that could.
pub fn stretch_sources(paths: &Paths, extra: &[PathBuf]) -> Result<Loaded<Vec<Source>>, Problems> {
    let mut dirs: Vec<PathBuf> = paths.user_stretches().into_iter().collect();
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
    let mut sources = builtin_sources();
    sources.extend(user);
    Ok(Loaded {
        value: sources,
        problems,
    })
}

/// The whole library (built-in, user, `--library` folders), each user file read on its
/// own: a file with problems is left out whole, and named with its problems.
pub fn stretches(paths: &Paths, extra: &[PathBuf]) -> Result<Loaded<Stretches>, Problems> {
    let Loaded {
        value: sources,
        mut problems,
    } = stretch_sources(paths, extra)?;
    let mut out = Stretches::default();
    // The texts still needed once all is read: those of files naming an alternative, whose
    // lines a problem with one quotes. The others go as soon as they are read.
    let mut quoted: Vec<Source> = Vec::new();
    for source in sources {
        match crate::library::parse_stretch_file(&source) {
            Ok(list) => {
                let alternatives = list.iter().any(|s| s.alternative.is_some());
                for stretch in list {
                    out.library.insert(stretch);
                }
                if alternatives {
                    quoted.push(source);
                }
            }
            // The built-in files are checked by the tests; should one fail, nothing works.
            Err(p) if source.builtin => return Err(Problems(p)),
            Err(p) => {
                problems.extend(p.iter().cloned());
                out.broken.push(Broken {
                    file: source.name.clone(),
                    names: stretch_ids(&source),
                    problems: p,
                });
            }
        }
    }
    problems.extend(out.library.drop_unknown_alternatives(&quoted));
    Ok(Loaded {
        value: out,
        problems,
    })
}

/// The ids a stretch file means to define, as far as can be told from a file with problems:
/// from the YAML when it parses, else from its `id:` lines.
fn stretch_ids(source: &Source) -> Vec<String> {
    if let Some(items) = crate::yaml::parse_tree(&source.text)
        .ok()
        .as_ref()
        .and_then(|t| t.as_seq())
    {
        return items
            .iter()
            .filter_map(|i| {
                i.as_map()?
                    .get("id")?
                    .as_str()
                    .map(|s| s.trim().to_string())
            })
            .collect();
    }
    source
        .text
        .lines()
        .filter_map(|l| {
            let l = l.trim_start().trim_start_matches('-').trim_start();
            let id = l.strip_prefix("id:")?.trim().trim_matches(['"', '\'']);
            (!id.is_empty()).then(|| id.to_string())
        })
        .collect()
}

/// The stretch ids a routine file's steps name.
fn step_ids(source: &Source) -> Vec<String> {
    let Ok(tree) = crate::yaml::parse_tree(&source.text) else {
        return Vec::new();
    };
    let Some(steps) = tree.as_map().and_then(|m| m.get("steps")?.as_seq()) else {
        return Vec::new();
    };
    steps
        .iter()
        .filter_map(|s| {
            s.as_map()?
                .get("stretch")?
                .as_str()
                .map(|s| s.trim().to_string())
        })
        .collect()
}

/// Where routines come from: the built-ins, then the user's folder.
pub fn routine_sources(paths: &Paths) -> Loaded<Vec<Source>> {
    let dirs: Vec<PathBuf> = paths.user_routines().into_iter().collect();
    let (user, problems) = read_dirs(&dirs);
    let mut sources = routine::builtin_sources();
    sources.extend(user);
    Loaded {
        value: sources,
        problems,
    }
}

/// One routine file against the library. A step whose stretch is missing because the file
/// that defines it has problems is refused for that reason, naming the file, rather than
/// as an unknown stretch.
pub fn routine_from(
    source: &Source,
    library: &Library,
    broken: &[Broken],
) -> Result<Routine, Vec<Diagnostic>> {
    let mut reasons = Vec::new();
    for id in step_ids(source) {
        if library.get(&id).is_some() {
            continue;
        }
        if let Some(b) = broken.iter().find(|b| b.names.contains(&id)) {
            let d = Diagnostic::new(
                &source.name,
                format!(
                    "the stretch `{id}` is left out because {} has {}",
                    b.file,
                    plural_problems(b.problems.len())
                ),
            )
            .context(
                routine_names(source)
                    .first()
                    .map(|n| format!("routine `{n}`")),
            )
            .hint(Some(format!(
                "fix it; `supple check {}` shows them",
                b.file
            )));
            if !reasons.contains(&d) {
                reasons.push(d);
            }
        }
    }
    if !reasons.is_empty() {
        return Err(reasons);
    }
    routine::parse_routine(source, library).map_err(|p| p.0)
}

fn plural_problems(n: usize) -> String {
    if n == 1 {
        "1 problem".into()
    } else {
        format!("{n} problems")
    }
}

/// Every routine (built-in, then the user's), each file read on its own: one with problems
/// is left out, and named with them.
pub fn routines(
    paths: &Paths,
    library: &Library,
    broken_stretches: &[Broken],
) -> Loaded<AllRoutines> {
    let Loaded {
        value: sources,
        mut problems,
    } = routine_sources(paths);
    let mut list: Vec<Routine> = Vec::new();
    let mut broken = Vec::new();
    for source in &sources {
        match routine_from(source, library, broken_stretches) {
            Ok(r) => {
                if let Some(i) = list.iter().position(|o| o.name == r.name) {
                    list[i] = r;
                } else {
                    list.push(r);
                }
            }
            Err(p) => {
                problems.extend(p.iter().cloned());
                broken.push(Broken {
                    file: source.name.clone(),
                    names: routine_names(source),
                    problems: p,
                });
            }
        }
    }
    // A broken file that would have replaced a routine of the same name leaves no stale
    // routine behind: that name now means the user's file.
    list.retain(|r| !broken.iter().any(|b| b.names.first() == Some(&r.name)));
    Loaded {
        value: AllRoutines {
            routines: Routines { list },
            broken,
        },
        problems,
    }
}

/// The name a routine file gives itself (or its file stem), then its stem if different.
fn routine_names(source: &Source) -> Vec<String> {
    let stem = routine::stem(&source.name).to_string();
    let named = match crate::yaml::parse_tree(&source.text) {
        Ok(v) => v
            .as_map()
            .and_then(|m| m.get("name")?.as_str())
            .map(|s| s.trim().to_string()),
        // A file that does not parse: its top-level `name:` line, if it has one.
        Err(_) => source.text.lines().find_map(|l| {
            let n = l.strip_prefix("name:")?.trim().trim_matches(['"', '\'']);
            Some(n.to_string())
        }),
    }
    .filter(|n| !n.is_empty() && !n.chars().any(char::is_control));
    match named {
        Some(n) if n != stem => vec![n, stem],
        _ => vec![stem],
    }
}

/// Writes a file that must not exist yet: never overwrites the user's work. The error is
/// a message to show.
pub fn write_new(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                format!(
                    "{} already exists; choose another file name or remove it first",
                    path.display()
                )
            } else {
                format!("cannot write {}: {e}", path.display())
            }
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Reads the config file at `path`; a missing file gives the defaults. Anything but a
/// regular file (a FIFO, a device) is refused before it is opened. A file that cannot
/// even be looked at, because its folder is unreadable, gives the defaults too: the
/// folder is reported where the user's stretches and routines are read.
pub fn settings(path: Option<&Path>) -> Result<Settings, Problems> {
    let Some(path) = path else {
        return Ok(Settings::default());
    };
    if let Err(e) = std::fs::symlink_metadata(path)
        && matches!(
            e.kind(),
            std::io::ErrorKind::NotFound
                | std::io::ErrorKind::PermissionDenied
                | std::io::ErrorKind::NotADirectory
        )
    {
        return Ok(Settings::default());
    }
    let source = read_source(path).map_err(|d| Problems(vec![d]))?;
    Settings::parse(&source)
}

/// The routine schema in the user's config folder (`schema/routine.schema.json`), written
/// when it is missing or out of date, for the first line of the routines supple writes.
/// `None` when there is no config folder or it cannot be written: the line is then left out.
pub fn routine_schema(paths: &Paths) -> Option<String> {
    let path = paths
        .config_dir
        .as_ref()?
        .join("schema")
        .join(crate::schema::Kind::Routine.file());
    let text = serde_json::to_string_pretty(&crate::schema::schema(crate::schema::Kind::Routine))
        .ok()?
        + "\n";
    // Rewritten only while it is supple's own (its `$id`): an edited copy is left alone.
    let ours = |old: &str| old.contains(&format!("{}/", crate::schema::BASE));
    match fs::read_to_string(&path) {
        Ok(old) if old == text => {}
        Ok(old) if !ours(&old) => return Some(path.display().to_string()),
        _ => {
            fs::create_dir_all(path.parent()?).ok()?;
            fs::write(&path, text).ok()?;
        }
    }
    Some(path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, text: &str) -> Source {
        Source {
            name: name.into(),
            text: text.into(),
            builtin: false,
        }
    }

    #[test]
    fn a_routine_needing_a_stretch_from_a_broken_file_names_that_file() {
        let lib = Library::builtin().unwrap();
        let broken = vec![Broken {
            file: "stretches/mine.yaml".into(),
            names: vec!["my-twist".into()],
            problems: vec![Diagnostic::new(
                "stretches/mine.yaml",
                "unknown area `elbow`",
            )],
        }];
        let r = source(
            "routines/r.yaml",
            "name: twisty\nsteps:\n  - stretch: my-twist\n  - stretch: cat-cow\n",
        );
        let e = routine_from(&r, &lib, &broken).unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(
            e[0].to_string(),
            "routines/r.yaml: routine `twisty`: the stretch `my-twist` is left out because stretches/mine.yaml has 1 problem (fix it; `supple check stretches/mine.yaml` shows them)"
        );
        // a stretch the library has is not blamed on the broken file
        let ok = source(
            "routines/ok.yaml",
            "name: ok\nsteps:\n  - stretch: cat-cow\n",
        );
        assert!(routine_from(&ok, &lib, &broken).is_ok());
        // nor is one no file defines
        let typo = source("routines/t.yaml", "name: t\nsteps:\n  - stretch: cat-cwo\n");
        let e = routine_from(&typo, &lib, &broken).unwrap_err();
        assert!(
            e[0].to_string().contains("unknown stretch `cat-cwo`"),
            "{e:?}"
        );
    }

    #[test]
    fn ids_of_a_stretch_file_that_does_not_parse_come_from_its_id_lines() {
        let s = source("x.yaml", "- id: one\n  areas: [hips\n- id: \"two\"\n");
        assert_eq!(stretch_ids(&s), ["one", "two"]);
        let s = source("x.yaml", "- id: one\n  name: One\n- {id: two, name: Two}\n");
        assert_eq!(stretch_ids(&s), ["one", "two"]);
    }

    #[test]
    fn a_broken_routine_answers_to_its_name_before_its_stem() {
        let all = AllRoutines {
            routines: Routines::default(),
            broken: vec![Broken {
                file: "routines/hips.yaml".into(),
                names: routine_names(&source("routines/hips.yaml", "name: my hips\nsteps: [\n")),
                problems: Vec::new(),
            }],
        };
        assert_eq!(all.broken[0].names, ["my hips", "hips"]);
        assert!(all.broken_named("my hips").is_some());
        assert!(all.broken_named("hips").is_some());
        assert!(all.broken_named("morning").is_none());
    }
}
