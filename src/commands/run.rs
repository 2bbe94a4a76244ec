//! `supple run` and the full-screen app (`supple` alone, `supple build` on a terminal).

use crate::cli::RunArgs;
use crate::cue::Announcer;
use crate::routine::Gaps;
use crate::session::{Options, Outcome};
use crate::timeline::Timeline;
use std::io::{self, IsTerminal};
use std::path::PathBuf;

use super::{
    Failure, Notes, all_routines, check_build_flags, flag_gaps, resolve_routine, stretches,
    within_a_day,
};

/// The full-screen app: the home screen or the picker.
pub(super) fn app(
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
    let settings = crate::load::settings(crate::paths::config_file().as_deref())?;
    // Broken files are named before the screen is taken; the home screen marks the
    // routines they leave out.
    all_routines(&all, notes);
    notes.flush(None);
    let ctx = crate::tui::app::Context {
        tui: crate::tui::TuiOptions {
            bell: settings.bell && !no_bell,
            colors: settings.use_colors(std::env::var_os("NO_COLOR").as_deref()),
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
pub(super) fn run(library: &[PathBuf], args: &RunArgs, notes: &mut Notes) -> Result<u8, Failure> {
    let all = stretches(library, notes)?;
    let lib = &all.library;
    let settings = crate::load::settings(crate::paths::config_file().as_deref())?;
    let b = &args.build;
    let building = !b.area.is_empty()
        || b.minutes.is_some()
        || !b.avoid.is_empty()
        || b.level.is_some()
        || b.seed.is_some()
        || !b.equipment.is_empty();
    let conditions = settings.conditions_with(&args.care.condition);
    // What to say before the run starts: how the routine was built or changed.
    let mut told: Vec<String> = Vec::new();
    let routine = match (&args.routine, building) {
        (Some(name), false) => {
            let routine = resolve_routine(name, &all, notes)?;
            adapted(&routine, lib, &conditions, &mut told)?.0
        }
        (Some(_), true) => {
            return Err(Failure::Usage(
                "--area, --minutes, --avoid, --level, --equipment and --seed build a new routine; give them without a routine name (or the name alone)".into(),
            ));
        }
        (None, true) => {
            check_build_flags(b)?;
            let built = crate::builder::build_with(
                lib,
                &b.request(flag_gaps(&args.gaps).or(settings.gaps))
                    .map_err(Failure::Message)?,
                &crate::builder::Limits {
                    hurt: super::hurt_lately(),
                    ..b.limits(&conditions)
                },
            )
            .map_err(Failure::Message)?;
            told.extend(built.notes);
            built.routine
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
    let mut recorder = crate::history::store::Recorder::new(
        crate::paths::history_file(),
        std::time::SystemTime::now(),
    );
    let outcome: Outcome = if plain {
        let (tx, signals) = std::sync::mpsc::channel();
        let _listener = crate::signals::Listener::start(&crate::signals::STOP, tx, |n| n)?;
        let mut announcer = Announcer::new(settings.cue_command.clone());
        let mut out = io::stdout().lock();
        // The safety guidance goes before the first run, once; a state folder that cannot
        // be written only means it shows again.
        let first_run = crate::safety::seen::due();
        let mut preface = if first_run {
            format!(
                "{}(shown before your first run; `supple safety` prints it again)\n",
                crate::safety::text(80)
            )
        } else {
            String::new()
        };
        if !first_run && crate::safety::red_flags_first(&routine) {
            preface.push_str(&crate::safety::red_flags(80));
        }
        for line in &told {
            preface.push_str(line);
            preface.push('\n');
        }
        let outcome = crate::plain::run(
            timeline.clone(),
            options,
            &preface,
            &mut out,
            &mut announcer,
            &signals,
            &crate::plain::RealClock,
        )?;
        if first_run {
            crate::safety::seen::remember();
        }
        outcome
    } else {
        for line in &told {
            crate::diag::say(line);
        }
        let tui = crate::tui::TuiOptions {
            bell: settings.bell && !args.no_bell,
            colors: settings.use_colors(std::env::var_os("NO_COLOR").as_deref()),
            cue_command: settings.cue_command.clone(),
            history: crate::paths::history_file()
                .and_then(|p| crate::history::store::read(&p).ok())
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

/// `routine` adapted to the user's conditions; what changed is added to `told`. A routine
/// that the conditions empty entirely is refused.
pub(super) fn adapted(
    routine: &crate::routine::Routine,
    lib: &crate::library::Library,
    conditions: &[crate::library::Condition],
    told: &mut Vec<String>,
) -> Result<(crate::routine::Routine, Vec<crate::conditions::Change>), Failure> {
    let (adapted, changes) = crate::conditions::adapt(routine, lib, conditions);
    if adapted.steps.is_empty() {
        return Err(Failure::Message(format!(
            "every stretch of routine `{}` is ruled out for {}; try another routine, or build one with `--area AREA --minutes N`",
            routine.name,
            crate::conditions::names(conditions)
        )));
    }
    told.extend(crate::conditions::report(conditions, &changes));
    Ok((adapted, changes))
}
