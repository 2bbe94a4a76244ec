//! What each command does, and the text it prints.

use crate::cli::{BuildArgs, Cli, Command, GapArgs, ListArgs, PlanArgs, RunArgs};
use crate::cue::Announcer;
use crate::diag::{Diagnostic, Problems, did_you_mean, printable};
use crate::library::{Area, Dose, Library, Pace, Sides, Source, Stretch, clock, short};
use crate::load;
use crate::routine::{Gaps, Routine, Routines, Step, parse_routine};
use crate::session::{Options, Outcome};
use crate::settings::Settings;
use crate::timeline::{PhaseKind, Timeline};
use crate::yaml::Vocab;
use serde::Serialize;
use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Why a command failed, and the exit code it maps to.
#[derive(Debug)]
pub enum Failure {
    /// Bad input or a failure: the messages, exit code 1.
    Problems(Problems),
    /// One message, exit code 1.
    Message(String),
    /// Wrong use of the command line, exit code 2.
    Usage(String),
    /// The reader went away (`supple list | head`): stop quietly.
    Closed,
    /// Stopped with this exit code, nothing more to say (a signal in the full screen).
    Exit(u8),
}

impl Failure {
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Problems(_) | Failure::Message(_) => 1,
            Failure::Usage(_) => 2,
            Failure::Closed => 0,
            Failure::Exit(code) => *code,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Problems(p) => write!(f, "{p}"),
            Failure::Message(m) | Failure::Usage(m) => f.write_str(m),
            Failure::Closed | Failure::Exit(_) => Ok(()),
        }
    }
}

impl From<Problems> for Failure {
    fn from(p: Problems) -> Self {
        Failure::Problems(p)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            return Failure::Closed;
        }
        Failure::Message(format!("cannot write the output: {e}"))
    }
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Problems(Problems(vec![d]))
    }
}

/// The problems met while loading the user's files, shown as warnings: each once, and
/// none that the command's own failure reports.
#[derive(Debug, Default)]
pub struct Notes {
    pending: Vec<Diagnostic>,
    shown: Vec<String>,
}

impl Notes {
    pub fn add(&mut self, problems: Vec<Diagnostic>) {
        self.pending.extend(problems);
    }

    /// Prints what is pending (before a run takes the screen, or when the command ends),
    /// leaving out what `failure` itself reports.
    pub fn flush(&mut self, failure: Option<&Failure>) {
        for d in std::mem::take(&mut self.pending) {
            if let Some(Failure::Problems(p)) = failure
                && p.0.contains(&d)
            {
                continue;
            }
            let text = d.to_string();
            if !self.shown.contains(&text) {
                crate::diag::warn(&text);
                self.shown.push(text);
            }
        }
    }
}

/// The library, its problems noted.
fn stretches(library: &[PathBuf], notes: &mut Notes) -> Result<load::Stretches, Failure> {
    let loaded = load::stretches(library)?;
    notes.add(loaded.problems);
    Ok(loaded.value)
}

/// The routines, their problems noted.
fn all_routines(stretches: &load::Stretches, notes: &mut Notes) -> load::AllRoutines {
    let loaded = load::routines(&stretches.library, &stretches.broken);
    notes.add(loaded.problems);
    loaded.value
}

/// Runs the command; returns the exit code for a normal end. Problems in the user's files
/// are warnings, printed once each before the command's own failure, if any.
pub fn dispatch(cli: Cli) -> Result<u8, Failure> {
    let mut notes = Notes::default();
    let result = command(cli, &mut notes);
    notes.flush(result.as_ref().err());
    result
}

fn command(cli: Cli, notes: &mut Notes) -> Result<u8, Failure> {
    let Some(command) = cli.command else {
        if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
            return Err(Failure::Usage(
                "name a command, for example `supple run morning`; `supple --help` lists them all (with no command on a terminal, supple opens its home screen)"
                    .into(),
            ));
        }
        return app(
            &cli.library,
            crate::tui::app::Start::Home,
            Gaps::default(),
            false,
            notes,
        );
    };
    let command = match command {
        Command::Run(args) => return run(&cli.library, &args, notes),
        other => other,
    };
    // Every text a command prints leaves through here, its control characters escaped:
    // names, times and areas from the history, file names, whatever a file held.
    let mut out = crate::diag::Printable::new(io::stdout().lock());
    let result = command_to(command, &cli.library, notes, &mut out);
    out.flush()?;
    result
}

fn command_to(
    command: Command,
    library: &[PathBuf],
    notes: &mut Notes,
    mut out: impl Write,
) -> Result<u8, Failure> {
    match command {
        Command::List(args) => {
            let lib = stretches(library, notes)?.library;
            notes.flush(None);
            list(&lib, &args, &mut out)?;
        }
        Command::Show { id } => {
            let all = stretches(library, notes)?;
            let lib = &all.library;
            let stretch = lib.lookup(&id).map_err(|(message, hint)| {
                if let Some(b) = all.broken.iter().find(|b| b.names.contains(&id)) {
                    return Failure::Message(format!(
                        "the stretch `{id}` is left out because {} has {} (fix it; `supple check {}` shows them)",
                        b.file,
                        plural(b.problems.len(), "problem", "problems"),
                        b.file
                    ));
                }
                Failure::Message(match hint {
                    Some(h) => format!("{message} ({h})"),
                    None => message,
                })
            })?;
            notes.flush(None);
            write!(out, "{}", show(stretch, lib, terminal_width()))?;
        }
        Command::Areas => {
            let lib = stretches(library, notes)?.library;
            notes.flush(None);
            write!(out, "{}", areas(&lib))?;
        }
        Command::Routines { json } => {
            let all = stretches(library, notes)?;
            let settings = Settings::load(crate::paths::config_file().as_deref())?;
            let routines = all_routines(&all, notes).routines;
            notes.flush(None);
            if json {
                serde_json::to_writer_pretty(&mut out, &routines_json(&routines, &settings))
                    .map_err(io::Error::from)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", routines_table(&routines, &settings))?;
            }
        }
        Command::Plan(args) => plan(library, &args, notes, &mut out)?,
        Command::Check { paths } => return check(library, &paths, &mut out),
        // `command` starts runs before stdout is locked: they take the terminal or print
        // line by line themselves.
        Command::Run(args) => return run(library, &args, notes),
        Command::Build(args) => build(library, &args, notes, &mut out)?,
        Command::History { json } => history(json, &mut out)?,
        // Generated by clap from our own text: as they are.
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            // Into memory first: the generator panics when its writer fails (a full disk).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "supple", &mut script);
            io::stdout().lock().write_all(&script)?;
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command).render(&mut io::stdout().lock())?;
        }
    }
    Ok(0)
}

/// The width to wrap prose to: the terminal's, at most 100, or 80 for pipes.
fn terminal_width() -> usize {
    match ratatui::crossterm::terminal::size() {
        Ok((w, _)) if io::stdout().is_terminal() => usize::from(w).clamp(40, 100),
        _ => 80,
    }
}

/// Wraps `text` to `width` columns, every line starting with `indent`.
pub fn wrap(text: &str, width: usize, indent: &str, first: &str) -> String {
    let mut out = String::new();
    let mut line = String::from(first);
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(indent);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// "1 stretch", "3 stretches".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Cuts `s` to `width` characters, ending in `…` when cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Seconds a dose takes, get-ready time excluded: every set's work on each side, the
/// side switches and the rests between sets (the timeline's rule, worked out directly).
pub fn dose_seconds(dose: &Dose, sides: Sides, gaps: Gaps) -> u32 {
    let gaps = gaps.or(crate::timeline::DEFAULT_GAPS);
    let work = crate::timeline::work_seconds(dose, sides);
    let per_set = if sides == Sides::Each {
        2 * work + gaps.switch.unwrap_or(0)
    } else {
        work
    };
    let sets = dose.sets();
    sets * per_set + sets.saturating_sub(1) * gaps.rest.unwrap_or(0)
}

/// Seconds one step takes, get-ready time excluded.
pub fn step_seconds(step: &Step, gaps: Gaps) -> u32 {
    dose_seconds(&step.dose, step.stretch.sides, gaps)
}

/// Seconds a stretch's own dose takes, get-ready time excluded.
fn own_seconds(s: &Stretch) -> u32 {
    dose_seconds(&s.dose, s.sides, Gaps::default())
}

/// A short dose: `30s × 2 each side`, `10 reps of 4s`, `8 breaths`, `6 reps alternating`.
pub fn dose_short(dose: &Dose, sides: Sides) -> String {
    let sets = |n: u32| {
        if n > 1 {
            format!(" × {n}")
        } else {
            String::new()
        }
    };
    let base = match dose {
        Dose::Hold { hold, sets: n, .. } => format!("{}{}", short(*hold), sets(*n)),
        Dose::Reps {
            reps,
            sets: n,
            pace: Pace::Tempo(_),
        } => format!("{reps} reps{}", sets(*n)),
        Dose::Reps {
            reps,
            sets: n,
            pace: Pace::Breath(_),
        } => format!("{reps} breaths{}", sets(*n)),
    };
    match sides {
        Sides::Both => base,
        Sides::Each => format!("{base}, each side"),
        Sides::Alternating => format!("{base}, alternating"),
    }
}

/// The stretches that pass `--area` (any of) and `--avoid` (none of).
pub fn filter<'a>(
    lib: &'a Library,
    areas: &[Area],
    avoid: &[crate::library::Joint],
) -> Vec<&'a Stretch> {
    lib.stretches()
        .iter()
        .filter(|s| areas.is_empty() || s.areas.iter().any(|a| areas.contains(a)))
        .filter(|s| !s.loads.iter().any(|j| avoid.contains(j)))
        .collect()
}

#[derive(Serialize)]
struct StretchJson<'a> {
    #[serde(flatten)]
    stretch: &'a Stretch,
    /// Seconds for the whole dose (both sides, rests between sets), get-ready excluded.
    seconds: u32,
    source: &'static str,
    path: &'a str,
}

fn list(lib: &Library, args: &ListArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let mut chosen = filter(lib, &args.area, &args.avoid);
    chosen.sort_by(|a, b| (a.primary_area(), &a.id).cmp(&(b.primary_area(), &b.id)));
    if args.json {
        let json: Vec<StretchJson> = chosen
            .iter()
            .map(|s| StretchJson {
                stretch: s,
                seconds: own_seconds(s),
                source: if s.origin.builtin { "built-in" } else { "user" },
                path: &s.origin.file,
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &json).map_err(io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    write!(out, "{}", list_table(&chosen))?;
    Ok(())
}

/// The `supple list` table, 80 columns wide at most.
pub fn list_table(stretches: &[&Stretch]) -> String {
    let mut t = String::new();
    if stretches.is_empty() {
        t.push_str("no stretches match; `supple areas` shows what there is\n");
        return t;
    }
    // 80 columns: ID, 2, AREA 11, 1, LEVEL 8, 1, DOSE, 1, TIME.
    let times: Vec<String> = stretches.iter().map(|s| clock(own_seconds(s))).collect();
    let time_width = times.iter().map(String::len).max().unwrap_or(4).max(4);
    let id_width = stretches
        .iter()
        .map(|s| s.id.chars().count())
        .max()
        .unwrap_or(2)
        .clamp(2, 30);
    let dose_width = 80 - 24 - id_width - time_width;
    let _ = writeln!(
        t,
        "{:<id_width$}  {:<11} {:<8} {:<dose_width$} {:>time_width$}",
        "ID", "AREA", "LEVEL", "DOSE", "TIME"
    );
    for (s, time) in stretches.iter().zip(&times) {
        let _ = writeln!(
            t,
            "{:<id_width$}  {:<11} {:<8} {:<dose_width$} {:>time_width$}",
            fit(&s.id, id_width),
            s.primary_area().name(),
            s.level.name(),
            fit(&dose_short(&s.dose, s.sides), dose_width),
            time
        );
    }
    let _ = writeln!(
        t,
        "\n{} · `supple show ID` shows one in full\nTIME is the whole dose, with side switches and rests",
        plural(stretches.len(), "stretch", "stretches")
    );
    t
}

/// `supple show`: one stretch, like a manual page.
pub fn show(s: &Stretch, lib: &Library, width: usize) -> String {
    let width = width.max(40);
    let mut t = String::new();
    let _ = writeln!(t, "{}  ({})", s.name, s.id);
    if let Some(summary) = &s.summary {
        t.push_str(&wrap(summary, width, "  ", "  "));
    }
    t.push('\n');
    let field = |t: &mut String, name: &str, value: &str| {
        t.push_str(&wrap(
            value,
            width,
            &" ".repeat(14),
            &format!("  {name:<11} "),
        ));
    };
    let areas: Vec<String> = s
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| {
            if i == 0 {
                format!("{a} (primary)")
            } else {
                a.to_string()
            }
        })
        .collect();
    field(&mut t, "areas", &areas.join(", "));
    field(&mut t, "position", s.position.name());
    field(
        &mut t,
        "equipment",
        &if s.equipment.is_empty() {
            "none".to_string()
        } else {
            s.equipment.join(", ")
        },
    );
    field(&mut t, "level", s.level.name());
    field(
        &mut t,
        "loads",
        &if s.loads.is_empty() {
            "no joint in particular".to_string()
        } else {
            s.loads
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        },
    );
    let sides = match s.sides {
        Sides::Both => "both at once (no sides)",
        Sides::Each => "each: the whole dose on the left, then the right",
        Sides::Alternating => "alternating: left and right, rep by rep (reps count per side)",
    };
    field(&mut t, "sides", sides);
    let total = own_seconds(s);
    field(
        &mut t,
        "dose",
        &format!(
            "{} — {} with switching and rests",
            s.dose.describe(),
            clock(total)
        ),
    );
    match &s.dose {
        Dose::Reps {
            pace: Pace::Breath(b),
            ..
        } => {
            field(
                &mut t,
                "breathing",
                &format!(
                    "one rep per breath: in {}s{}, out {}s{}",
                    b.inhale,
                    b.in_cue
                        .as_ref()
                        .map_or(String::new(), |c| format!(" ({c})")),
                    b.exhale,
                    b.out_cue
                        .as_ref()
                        .map_or(String::new(), |c| format!(" ({c})")),
                ),
            );
        }
        Dose::Reps {
            pace: Pace::Tempo(secs),
            ..
        } => field(&mut t, "tempo", &format!("{secs}s per rep")),
        Dose::Hold { pacer: Some(b), .. } => field(
            &mut t,
            "breathing",
            &format!("pacer {}s in, {}s out", b.inhale, b.exhale),
        ),
        Dose::Hold { pacer: None, .. } => {
            field(&mut t, "breathing", "slow and even; never hold your breath");
        }
    }
    let section =
        |t: &mut String, title: &str, items: &[String], bullet: &dyn Fn(usize) -> String| {
            if items.is_empty() {
                return;
            }
            let _ = writeln!(t, "\n{title}");
            for (i, item) in items.iter().enumerate() {
                let b = bullet(i);
                let indent = " ".repeat(b.chars().count() + 3);
                t.push_str(&wrap(item, width, &indent, &format!("  {b} ")));
            }
        };
    section(&mut t, "SETUP", &s.setup, &|i| format!("{}.", i + 1));
    section(&mut t, "CUES", &s.cues, &|_| "·".into());
    section(&mut t, "CAUTIONS", &s.cautions, &|_| "!".into());
    let _ = writeln!(t, "\nfrom {}:{}", s.origin.file, s.origin.line);
    for old in lib.replaced(&s.id) {
        let _ = writeln!(
            t,
            "replaces the stretch `{}` from {}:{}",
            s.id, old.file, old.line
        );
    }
    t
}

/// `supple areas`.
pub fn areas(lib: &Library) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "{:<13} {:>7} {:>9}", "AREA", "PRIMARY", "STRETCHES");
    for (area, primary, any) in lib.area_counts() {
        let _ = writeln!(t, "{:<13} {primary:>7} {any:>9}", area.name());
    }
    let _ = writeln!(
        t,
        "\nPRIMARY: stretches whose main target it is · STRETCHES: all that work it\n`supple list --area AREA` lists them"
    );
    t
}

/// The primary areas of a routine's steps, most worked first.
pub fn routine_areas(steps: &[Step]) -> Vec<Area> {
    let mut counts: Vec<(Area, usize)> = Vec::new();
    for step in steps {
        let a = step.stretch.primary_area();
        match counts.iter_mut().find(|(x, _)| *x == a) {
            Some(c) => c.1 += 1,
            None => counts.push((a, 1)),
        }
    }
    counts.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    counts.into_iter().map(|(a, _)| a).collect()
}

#[derive(Serialize)]
struct RoutineJson<'a> {
    name: &'a str,
    description: Option<&'a str>,
    source: &'static str,
    path: &'a str,
    total_seconds: u32,
    areas: Vec<Area>,
}

fn routines_json<'a>(routines: &'a Routines, settings: &Settings) -> Vec<RoutineJson<'a>> {
    routines
        .list
        .iter()
        .map(|r| RoutineJson {
            name: &r.name,
            description: r.description.as_deref(),
            source: if r.origin.builtin { "built-in" } else { "user" },
            path: &r.origin.file,
            total_seconds: Timeline::build(r, Gaps::default(), settings.gaps).total,
            areas: routine_areas(&r.steps),
        })
        .collect()
}

/// `supple routines`.
pub fn routines_table(routines: &Routines, settings: &Settings) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "{:<16} {:>6} {:>5}  {:<38} {:<8}",
        "ROUTINE", "TIME", "STEPS", "MAIN AREAS", "SOURCE"
    );
    for r in &routines.list {
        let total = Timeline::build(r, Gaps::default(), settings.gaps).total;
        let mut areas: Vec<&str> = routine_areas(&r.steps).iter().map(|a| a.name()).collect();
        if areas.len() > 3 {
            areas.truncate(3);
            areas.push("…");
        }
        let _ = writeln!(
            t,
            "{:<16} {:>6} {:>5}  {:<38} {:<8}",
            fit(&r.name, 16),
            clock(total),
            r.steps.len(),
            fit(&areas.join(", "), 38),
            if r.origin.builtin {
                "built-in"
            } else {
                "yours"
            }
        );
    }
    let _ = writeln!(
        t,
        "\n`supple plan NAME` shows one in full · `supple run NAME` starts it"
    );
    t
}

/// Finds a routine by name or path. A routine whose file has problems, or that needs a
/// stretch from a file with problems, is refused with them.
pub fn resolve_routine(
    name: &str,
    stretches: &load::Stretches,
    notes: &mut Notes,
) -> Result<Routine, Failure> {
    let path = Path::new(name);
    // A path says so: a YAML extension or a folder in it. A plain word is a routine name,
    // even when a file of that name happens to sit in the current folder.
    let looks_like_path = path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml"))
        || name.contains(std::path::MAIN_SEPARATOR);
    if looks_like_path {
        let source = load::read_source(path)?;
        return load::routine_from(&source, &stretches.library, &stretches.broken)
            .map_err(|p| Failure::Problems(Problems(p)));
    }
    let all = all_routines(stretches, notes);
    if let Some(broken) = all.broken_named(name) {
        return Err(Failure::Problems(Problems(broken.problems.clone())));
    }
    all.routines.get(name).cloned().ok_or_else(|| {
        let hint = did_you_mean(name, all.routines.names())
            .unwrap_or_else(|| "`supple routines` lists them".into());
        Failure::Message(format!("unknown routine `{name}` ({hint})"))
    })
}

fn flag_gaps(g: &GapArgs) -> Gaps {
    Gaps {
        prepare: g.prepare,
        switch: g.switch,
        rest: g.rest,
    }
}

fn plan(
    library: &[PathBuf],
    args: &PlanArgs,
    notes: &mut Notes,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let all = stretches(library, notes)?;
    let settings = Settings::load(crate::paths::config_file().as_deref())?;
    let routine = resolve_routine(&args.routine, &all, notes)?;
    notes.flush(None);
    let timeline = Timeline::build(&routine, flag_gaps(&args.gaps), settings.gaps);
    within_a_day(&timeline)?;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &timeline.to_json()).map_err(io::Error::from)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", plan_card(&routine, &timeline))?;
    }
    Ok(())
}

/// `supple plan`: the routine as a printed card, one block per stretch.
pub fn plan_card(routine: &Routine, t: &Timeline) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} · {} · {}",
        routine.name,
        clock(t.total),
        plural(t.steps.len(), "stretch", "stretches")
    );
    if let Some(d) = &routine.description {
        s.push_str(&wrap(d, 78, "", ""));
    }
    let _ = writeln!(
        s,
        "\n {:>5}  {:<13} {:<6} {:>5} {:>6}",
        "START", "PHASE", "SIDE", "SET", "TIME"
    );
    let mut current = usize::MAX;
    for p in &t.phases {
        if p.step != current {
            current = p.step;
            let step = &t.steps[p.step];
            let _ = writeln!(
                s,
                "\n {:>2}. {} · {}",
                p.step + 1,
                step.stretch.name,
                dose_short(&step.dose, step.stretch.sides)
            );
        }
        let phase = match p.kind {
            PhaseKind::Prepare => "get ready".to_string(),
            PhaseKind::Work => match (&t.steps[p.step].dose, p.reps) {
                (Dose::Hold { .. }, _) => "hold".to_string(),
                (Dose::Reps { pace, .. }, Some(r)) => {
                    let unit = match pace {
                        Pace::Breath(_) => "breaths",
                        Pace::Tempo(_) => "reps",
                    };
                    if t.steps[p.step].stretch.sides == Sides::Alternating {
                        format!("{r}+{r} {unit}")
                    } else {
                        format!("{r} {unit}")
                    }
                }
                (_, None) => "work".to_string(),
            },
            PhaseKind::Switch => "switch sides".to_string(),
            PhaseKind::Rest => "rest".to_string(),
        };
        let side = p
            .side
            .filter(|_| p.kind == PhaseKind::Work)
            .map_or("", |s| s.label());
        let set = if p.kind == PhaseKind::Work && p.sets > 1 {
            format!("{}/{}", p.set, p.sets)
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            " {:>5}  {:<13} {:<6} {:>5} {:>6}",
            clock(p.start),
            phase,
            side,
            set,
            clock(p.seconds)
        );
    }
    let _ = writeln!(
        s,
        "\n total {} · {} of it stretching",
        clock(t.total),
        clock(t.work_total())
    );
    s
}

/// What kind of file a YAML text holds.
#[derive(Clone)]
enum FileKind {
    Stretches,
    Routine,
    Settings,
    Unknown(String),
}

fn kind_of_file(source: &Source) -> FileKind {
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
fn check(library: &[PathBuf], paths: &[PathBuf], out: &mut dyn Write) -> Result<u8, Failure> {
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut stretch_sources: Vec<Source> = Vec::new();
    let mut routine_sources: Vec<Source> = Vec::new();
    let mut settings_sources: Vec<Source> = Vec::new();
    let mut named = 0;
    if paths.is_empty() {
        match load::stretch_sources(library) {
            Ok(mut s) => {
                stretch_sources = s.value;
                problems.append(&mut s.problems);
            }
            Err(mut p) => problems.append(&mut p.0),
        }
        let mut routines = load::routine_sources();
        routine_sources = routines.value;
        problems.append(&mut routines.problems);
        if let Some(config) = crate::paths::config_file() {
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
                    FileKind::Stretches => stretch_sources.push(source),
                    FileKind::Routine => routine_sources.push(source),
                    FileKind::Settings => settings_sources.push(source),
                    FileKind::Unknown(why) => problems.push(Diagnostic::new(&source.name, why)),
                },
                Err(d) => problems.push(d),
            }
        }
    }
    // Each stretch file alone, so every file's problems are found ...
    let mut stretches = 0;
    for source in &stretch_sources {
        match crate::library::parse_stretch_file(source) {
            Ok(s) => {
                stretches += s.len();
                if !source.builtin {
                    let _ = writeln!(
                        out,
                        "ok  {} ({})",
                        source.name,
                        plural(s.len(), "stretch", "stretches")
                    );
                }
            }
            Err(mut p) => problems.append(&mut p),
        }
    }
    // ... then routines against everything known: built-ins, user folders and these files.
    // Every stretch that did read, from files with problems too, so that a routine is not
    // blamed for a stretch whose file has an unrelated mistake.
    let mut all = load::stretch_sources(library)
        .map_or_else(|_| crate::library::builtin_sources(), |s| s.value);
    all.extend(
        stretch_sources
            .iter()
            .filter(|s| !all.iter().any(|a| a.name == s.name))
            .cloned()
            .collect::<Vec<_>>(),
    );
    let mut lib = Library::default();
    for source in &all {
        for stretch in crate::library::readable_stretches(source) {
            lib.insert(stretch);
        }
    }
    // Totals as `plan` shows them: with config.yaml's times (a broken config is reported
    // below, and the built-in times stand in for it here).
    let config = crate::paths::config_file()
        .and_then(|p| Settings::load(Some(&p)).ok())
        .unwrap_or_default();
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
    let files = (stretch_sources.len() + routine_sources.len() + settings_sources.len()).max(named);
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
        Err(Failure::Message(format!(
            "{}\n{} in {files} checked",
            Problems(problems),
            plural(n, "problem", "problems")
        )))
    }
}

/// A routine stretched past a day by the times given on the command line or in
/// `config.yaml` (each file was already checked with its own) is refused before it starts.
fn within_a_day(timeline: &Timeline) -> Result<(), Failure> {
    if u64::from(timeline.total) <= crate::timeline::MAX_ROUTINE_SECONDS {
        return Ok(());
    }
    Err(Failure::Message(format!(
        "with these get-ready, switch and rest times, routine `{}` lasts {}; a routine may last at most 24 hours (shorten the times, or split the routine)",
        timeline.name,
        crate::routine::long_clock(u64::from(timeline.total))
    )))
}

/// The builder needs areas and minutes; without them it is a usage error.
fn check_build_flags(b: &crate::cli::BuildSpec) -> Result<(), Failure> {
    if b.area.is_empty() {
        return Err(Failure::Usage(
            "name the body areas with `--area AREA` (repeatable); `supple areas` lists them".into(),
        ));
    }
    if b.minutes.is_none() {
        return Err(Failure::Usage(
            "give the time with `--minutes N` as well as the areas".into(),
        ));
    }
    Ok(())
}

/// The full-screen app: the home screen or the picker.
fn app(
    library: &[PathBuf],
    start: crate::tui::app::Start,
    flags: Gaps,
    no_bell: bool,
    notes: &mut Notes,
) -> Result<u8, Failure> {
    if !crate::tui::capable(std::env::var_os("TERM").as_deref()) {
        return Err(Failure::Usage(
            "TERM is unset or `dumb`, and the full screen needs a terminal that understands escape codes; set TERM (for example TERM=xterm-256color), or use the commands (`supple run morning --plain`, `supple build --area hips --minutes 10`)".into(),
        ));
    }
    let all = stretches(library, notes)?;
    let settings = Settings::load(crate::paths::config_file().as_deref())?;
    // Broken files are named before the screen is taken; the home screen marks the
    // routines they leave out.
    all_routines(&all, notes);
    notes.flush(None);
    let ctx = crate::tui::app::Context {
        tui: crate::tui::TuiOptions {
            bell: settings.bell && !no_bell,
            colors: settings.use_colors(),
            cue_command: settings.cue_command.clone(),
            history: None,
        },
        library: all.library,
        broken: all.broken,
        settings,
        flags,
    };
    let ending = crate::tui::app::run_app(&ctx, start)
        .map_err(|e| Failure::Message(format!("the screen failed: {e}")))?;
    Ok(ending.exit_code())
}

/// `supple run`.
fn run(library: &[PathBuf], args: &RunArgs, notes: &mut Notes) -> Result<u8, Failure> {
    let all = stretches(library, notes)?;
    let lib = &all.library;
    let settings = Settings::load(crate::paths::config_file().as_deref())?;
    let b = &args.build;
    let building = !b.area.is_empty()
        || b.minutes.is_some()
        || !b.avoid.is_empty()
        || b.level.is_some()
        || b.seed.is_some();
    let routine = match (&args.routine, building) {
        (Some(name), false) => resolve_routine(name, &all, notes)?,
        (Some(_), true) => {
            return Err(Failure::Usage(
                "--area, --minutes, --avoid, --level and --seed build a new routine; give them without a routine name (or the name alone)".into(),
            ));
        }
        (None, true) => {
            check_build_flags(b)?;
            crate::builder::build(lib, b, flag_gaps(&args.gaps).or(settings.gaps))
                .map_err(Failure::Message)?
        }
        (None, false) => {
            return Err(Failure::Usage(
                "name a routine (`supple run morning`; `supple routines` lists them) or build one with `--area AREA --minutes N`".into(),
            ));
        }
    };
    let timeline = Timeline::build(&routine, flag_gaps(&args.gaps), settings.gaps);
    within_a_day(&timeline)?;
    // The warnings go out before the run starts, not after it.
    notes.flush(None);
    let options = Options {
        pacer: settings.pacer,
    };
    let capable = crate::tui::capable(std::env::var_os("TERM").as_deref());
    let plain = args.plain || !io::stdout().is_terminal() || !capable;
    if plain && !args.plain && io::stdout().is_terminal() {
        crate::diag::say(
            "TERM is unset or `dumb`, so the routine runs line by line (as with --plain); set TERM (for example TERM=xterm-256color) for the full screen",
        );
    }
    let mut recorder =
        crate::history::Recorder::new(crate::paths::history_file(), std::time::SystemTime::now());
    let outcome: Outcome = if plain {
        let (tx, signals) = std::sync::mpsc::channel();
        let _listener = crate::signals::Listener::start(&crate::signals::STOP, tx, |n| n)?;
        let mut announcer = Announcer::new(settings.cue_command.clone());
        let mut out = io::stdout().lock();
        crate::plain::run(
            timeline.clone(),
            options,
            &mut out,
            &mut announcer,
            &signals,
            &crate::plain::RealClock,
        )?
    } else {
        let tui = crate::tui::TuiOptions {
            bell: settings.bell && !args.no_bell,
            colors: settings.use_colors(),
            cue_command: settings.cue_command.clone(),
            history: crate::paths::history_file()
                .and_then(|p| crate::history::read(&p).ok())
                .map(|(records, _)| records),
        };
        crate::tui::run_session(timeline.clone(), options, &tui, &mut recorder)
            .map_err(|e| Failure::Message(format!("the screen failed: {e}")))?
    };
    recorder.record(&timeline, &outcome, std::time::SystemTime::now());
    if let Some(warning) = &recorder.warning {
        crate::diag::warn(warning);
    }
    // A routine that ran to its end is done, whatever then closed its summary.
    Ok(if outcome.tally.completed {
        0
    } else {
        outcome.ending.exit_code()
    })
}

/// `supple build`: a routine from areas and minutes, as YAML on stdout or in a new file.
fn build(
    library: &[PathBuf],
    args: &BuildArgs,
    notes: &mut Notes,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let lib = stretches(library, notes)?.library;
    let settings = Settings::load(crate::paths::config_file().as_deref())?;
    if args.build.area.is_empty() {
        if io::stdout().is_terminal() && io::stdin().is_terminal() && args.output.is_none() {
            let start = crate::tui::app::Start::Picker {
                budget: args.build.minutes.map(|m| m * 60),
                avoid: args.build.avoid.clone(),
            };
            let code = app(library, start, Gaps::default(), false, notes)?;
            return if code == 0 {
                Ok(())
            } else {
                Err(Failure::Exit(code))
            };
        }
        return Err(Failure::Usage(
            "name the body areas with `--area AREA` (repeatable) and the time with `--minutes N`; `supple areas` lists the areas (on a terminal, `supple build` alone opens the picker)".into(),
        ));
    }
    check_build_flags(&args.build)?;
    notes.flush(None);
    let mut routine =
        crate::builder::build(&lib, &args.build, settings.gaps).map_err(Failure::Message)?;
    let name = match (&args.name, &args.output) {
        (Some(name), _) => Some(name.clone()),
        // Written to a file: the routine takes the file's name, as `supple run` will call it.
        (None, Some(path)) => Some(crate::routine::stem(&path.to_string_lossy()).to_string()),
        (None, None) => None,
    };
    if let Some(name) = name {
        match crate::yaml::check_text(&name) {
            Ok(name) if !name.is_empty() => routine.name = name,
            Ok(_) => {
                return Err(Failure::Usage(
                    "`--name` is empty; give the routine a name".into(),
                ));
            }
            Err(why) => return Err(Failure::Usage(format!("`--name`: {why}"))),
        }
    }
    let yaml = crate::builder::to_yaml(&routine);
    match &args.output {
        None => out.write_all(yaml.as_bytes())?,
        Some(path) => {
            write_new(path, &yaml)?;
            crate::diag::say(&format!(
                "wrote {} ({} stretches); run it with `supple run {}`",
                path.display(),
                routine.steps.len(),
                path.display()
            ));
        }
    }
    Ok(())
}

/// Writes a file that must not exist yet: never overwrites the user's work.
pub fn write_new(path: &Path, text: &str) -> Result<(), Failure> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            Failure::Message(format!("cannot create the folder {}: {e}", dir.display()))
        })?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            Failure::Message(if e.kind() == io::ErrorKind::AlreadyExists {
                format!(
                    "{} already exists; choose another file name or remove it first",
                    path.display()
                )
            } else {
                format!("cannot write {}: {e}", path.display())
            })
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Failure::Message(format!("cannot write {}: {e}", path.display())))
}

#[derive(Serialize)]
struct HistoryJson<'a> {
    sessions: &'a [crate::history::Record],
    #[serde(flatten)]
    stats: &'a crate::history::Stats,
}

/// `supple history`.
fn history(json: bool, out: &mut dyn Write) -> Result<(), Failure> {
    let path = crate::paths::history_file().ok_or_else(|| {
        Failure::Message("no HOME or XDG_DATA_HOME: cannot find the history".into())
    })?;
    let (records, warnings) = crate::history::read(&path)
        .map_err(|e| Failure::Message(format!("cannot read {}: {e}", path.display())))?;
    for w in &warnings {
        crate::diag::warn(w);
    }
    let stats = crate::history::Stats::compute(&records, crate::history::today());
    if json {
        serde_json::to_writer_pretty(
            &mut *out,
            &HistoryJson {
                sessions: &records,
                stats: &stats,
            },
        )
        .map_err(io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    write!(out, "{}", history_text(&records, &stats))?;
    Ok(())
}

/// The text of `supple history`.
pub fn history_text(records: &[crate::history::Record], stats: &crate::history::Stats) -> String {
    let mut t = String::new();
    if records.is_empty() {
        t.push_str("no sessions yet; `supple run morning` starts one\n");
        return t;
    }
    let _ = writeln!(t, "{}\n", stats.headline());
    let _ = writeln!(
        t,
        "{:<17} {:<16} {:>6}  {:<9}",
        "STARTED", "ROUTINE", "TIME", ""
    );
    // The history is a file anyone (or any sync tool) can write to: every field from it is
    // escaped before it is measured and shown.
    for r in records.iter().rev().take(10) {
        let start = printable(&r.start);
        let started = start.get(..16).unwrap_or(&start).replace('T', " ");
        let _ = writeln!(
            t,
            "{:<17} {:<16} {:>6}  {}",
            started,
            fit(&printable(&r.routine), 16),
            clock(u32::try_from(r.seconds).unwrap_or(u32::MAX)),
            if r.completed {
                "done".to_string()
            } else {
                format!("stopped ({})", printable(&r.ending))
            }
        );
    }
    if records.len() > 10 {
        let _ = writeln!(
            t,
            "… and {} earlier (`supple history --json` has them all)",
            records.len() - 10
        );
    }
    if !stats.area_minutes_this_week.is_empty() {
        let _ = writeln!(t, "\nthis week (last 7 days), minutes per area:");
        let most = stats
            .area_minutes_this_week
            .iter()
            .map(|a| a.1)
            .max()
            .unwrap_or(1)
            .max(1);
        for (area, minutes) in &stats.area_minutes_this_week {
            let bar = "▰".repeat(((minutes * 20).div_ceil(most)) as usize);
            let area = printable(area);
            let _ = writeln!(t, "  {area:<12} {minutes:>3}  {bar}");
        }
    }
    let waiting: Vec<String> = stats
        .areas_waiting
        .iter()
        .map(|(a, d)| match d {
            Some(d) => format!("{} (last {})", printable(a), printable(d)),
            None => format!("{} (never)", printable(a)),
        })
        .collect();
    let _ = writeln!(t, "\nwaiting longest: {}", waiting.join(", "));
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dose_seconds_agrees_with_the_timeline_for_every_stretch() {
        let lib = Library::builtin().unwrap();
        for gaps in [
            Gaps::default(),
            Gaps {
                prepare: Some(3),
                switch: Some(7),
                rest: Some(20),
            },
        ] {
            for s in lib.stretches() {
                let step = Step {
                    stretch: s.clone(),
                    dose: s.dose.clone(),
                };
                let t = Timeline::from_steps("", vec![step.clone()], gaps);
                let prepare = t.phases[0].seconds;
                assert_eq!(step_seconds(&step, gaps), t.total - prepare, "{}", s.id);
            }
        }
    }

    #[test]
    fn wraps_and_fits_text() {
        assert_eq!(wrap("one two three", 9, "  ", ""), "one two\n  three\n");
        assert_eq!(fit("knee-to-chest", 6), "knee-…");
        assert_eq!(fit("neck", 6), "neck");
        assert_eq!(plural(1, "stretch", "stretches"), "1 stretch");
        assert_eq!(plural(2, "stretch", "stretches"), "2 stretches");
    }
}
