//! `supple run` and the full-screen app (`supple` alone, `supple build` on a terminal).

use crate::cli::RunArgs;
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
            coach: Some(std::sync::Arc::new(std::sync::Mutex::new(coach(
                &settings.coaching,
                settings.cue_command.clone(),
            )))),
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
            crate::builder::build_routine(
                lib,
                &b.request(flag_gaps(&args.gaps).or(settings.gaps))
                    .map_err(Failure::Message)?,
            )
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
    let mut coaching = settings.coaching.clone();
    if let Some(voice) = &args.voice {
        coaching.voice = voice.clone();
    }
    if let Some(detail) = args.voice_detail {
        coaching.detail = detail;
    }
    coaching.breath |= args.voice_breath;
    let shared: crate::voice::Shared = std::sync::Arc::new(std::sync::Mutex::new(coach(
        &coaching,
        settings.cue_command.clone(),
    )));
    let mut recorder = crate::history::store::Recorder::new(
        crate::paths::history_file(),
        std::time::SystemTime::now(),
    );
    let outcome: Outcome = if plain {
        let (tx, signals) = std::sync::mpsc::channel();
        let _listener = crate::signals::Listener::start(&crate::signals::STOP, tx, |n| n)?;
        let mut out = io::stdout().lock();
        crate::plain::run(
            timeline.clone(),
            options,
            &mut out,
            &mut crate::voice::lock(&shared),
            &signals,
            &crate::plain::RealClock,
        )?
    } else {
        let tui = crate::tui::TuiOptions {
            bell: settings.bell && !args.no_bell,
            colors: settings.use_colors(std::env::var_os("NO_COLOR").as_deref()),
            cue_command: settings.cue_command.clone(),
            history: crate::paths::history_file()
                .and_then(|p| crate::history::store::read(&p).ok())
                .map(|(records, _)| records),
            coach: Some(shared.clone()),
        };
        crate::tui::run_session(timeline.clone(), options, &tui, &mut recorder)
            .map_err(|e| Failure::Message(format!("the screen failed: {e}")))?
    };
    {
        let mut coach = crate::voice::lock(&shared);
        if outcome.tally.completed {
            coach.finish();
        } else {
            let active = outcome.tally.active;
            let phase = timeline
                .phases
                .iter()
                .rposition(|p| u64::from(p.start) <= active.as_secs())
                .unwrap_or(0);
            coach.stopped(outcome.ending, phase, active, &timeline);
        }
    }
    drop(shared);
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

/// The coach for `coaching`, its programs looked up on `PATH`; says which voice speaks.
fn coach(
    coaching: &crate::settings::Coaching,
    cue_command: Option<Vec<String>>,
) -> crate::voice::Coach {
    let (coach, line) =
        crate::voice::Coach::new(coaching, cue_command, std::env::var_os("PATH").as_deref());
    if let Some(line) = line {
        crate::diag::say(&line);
    }
    coach
}
