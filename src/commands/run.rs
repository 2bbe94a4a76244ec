//! `supple run` and the full-screen app (`supple` alone, `supple build` on a terminal).

use crate::cli::RunArgs;
use crate::routine::Gaps;
use crate::session::{Options, Outcome};
use crate::timeline::Timeline;
use std::io::{self, IsTerminal};

use super::{
    Env, Failure, Notes, all_routines, flag_gaps, resolve_routine, stretches, within_a_day,
};

/// What the full screen needs, built one way for every way in.
fn screen_context(
    env: &Env,
    all: crate::load::Stretches,
    flags: Gaps,
    no_bell: bool,
    no_figure: bool,
    coach: crate::voice::Shared,
    prepare_wait: Option<bool>,
) -> Result<crate::tui::app::Context, Failure> {
    let settings = env.settings()?.clone();
    let prepare_wait = prepare_wait.unwrap_or(settings.prepare_wait);
    Ok(crate::tui::app::Context {
        tui: crate::tui::TuiOptions {
            bell: settings.bell && !no_bell,
            colors: settings.use_colors(std::env::var_os("NO_COLOR").as_deref()),
            cue_command: settings.cue_command.clone(),
            figure: crate::tui::figure::marker(settings.figures)
                .unwrap_or(ratatui::symbols::Marker::Braille),
            show_figure: settings.figures != crate::settings::Figures::Off && !no_figure,
            coach: Some(coach),
            prepare_wait,
        },
        library: all.library,
        broken: all.broken,
        settings,
        flags,
        paths: env.paths.clone(),
    })
}

/// The full-screen app: the home screen or the picker.
pub(super) fn app(
    env: &Env,
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
    let all = stretches(env, notes)?;
    env.settings()?;
    // Broken files are named before the screen is taken; the home screen marks the
    // routines they leave out.
    all_routines(env, &all, notes);
    notes.flush(None);
    let settings = env.settings()?;
    let coach = shared_coach(&settings.coaching, settings.cue_command.clone());
    let ctx = screen_context(env, all, flags, no_bell, false, coach, None)?;
    let end = crate::tui::app::run_app(&ctx, start)
        .map_err(|e| Failure::Message(format!("the screen failed: {e}")))?;
    leave_word(env, &end);
    Ok(end.ending.exit_code())
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

/// Says, once the full screen has closed, what its last run came to: the one line that
/// stays on the terminal. A warning from the history takes the place of where it went.
fn leave_word(env: &Env, end: &crate::tui::app::End) {
    let (Some(outcome), Some(name)) = (&end.run, &end.routine) else {
        return;
    };
    if let Some(warning) = &end.warning {
        crate::diag::warn(warning);
    }
    let records = crate::history::store::records(env.paths.history_file());
    let streak = records
        .as_ref()
        .map(|r| crate::history::Stats::compute(r, crate::history::store::today()).streak);
    let place = match (&end.warning, env.paths.history_file()) {
        (None, Some(path)) => Some(home_relative(&path)),
        _ => None,
    };
    crate::diag::say(&crate::diag::printable(&farewell(
        name,
        outcome,
        streak,
        place.as_deref(),
    )));
}

/// `path` with the home folder written `~`.
fn home_relative(path: &std::path::Path) -> String {
    match std::env::var_os("HOME").map(std::path::PathBuf::from) {
        Some(home) if !home.as_os_str().is_empty() => match path.strip_prefix(&home) {
            Ok(rest) => format!("~/{}", rest.display()),
            Err(_) => path.display().to_string(),
        },
        _ => path.display().to_string(),
    }
}

/// `morning · done · 4:40 of stretching, 5:10 in all · 3-day streak · in ~/.local/share/supple/history.jsonl`
pub(super) fn farewell(
    name: &str,
    outcome: &Outcome,
    streak: Option<u32>,
    recorded_in: Option<&str>,
) -> String {
    let tally = &outcome.tally;
    if !crate::history::worth_keeping(outcome) {
        return format!("{name} · stopped before the first stretch · not recorded");
    }
    let mut parts = vec![
        name.to_string(),
        if tally.completed { "done" } else { "stopped" }.to_string(),
        format!(
            "{} of stretching, {} in all",
            crate::text::duration(tally.work.as_secs()),
            crate::text::duration(tally.active.as_secs())
        ),
    ];
    if let Some(days) = streak.filter(|d| *d > 0) {
        parts.push(format!("{days}-day streak"));
    }
    if !tally.hurt.is_empty() {
        parts.push(format!(
            "{} stopped because it hurt",
            crate::text::plural(tally.hurt.len(), "stretch", "stretches")
        ));
    }
    if let Some(place) = recorded_in {
        parts.push(format!("in {place}"));
    }
    parts.join(" · ")
}

/// `supple run`.
pub(super) fn run(env: &Env, args: &RunArgs, notes: &mut Notes) -> Result<u8, Failure> {
    let all = stretches(env, notes)?;
    let lib = &all.library;
    let settings = env.settings()?;
    let b = &args.build;
    let building = b.building();
    let conditions = settings.conditions_with(&args.care.condition);
    // What to say before the run starts: how the routine was built or changed.
    let mut told: Vec<String> = Vec::new();
    let routine = match (&args.routine, building) {
        (Some(name), false) => {
            let routine = resolve_routine(env, name, &all, notes)?;
            adapted(&routine, lib, &conditions, &mut told)?.0
        }
        (Some(_), true) => {
            return Err(Failure::Usage(
                "--area, --minutes, --avoid, --level, --equipment and --seed build a new routine; give them without a routine name (or the name alone)".into(),
            ));
        }
        (None, true) => {
            let gaps = flag_gaps(&args.gaps).or(settings.gaps);
            let built = super::build_requested(env, lib, b, gaps, &conditions)?;
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
    let mut coaching = settings.coaching.clone();
    if let Some(voice) = &args.voice {
        coaching.voice = voice.clone();
    }
    if let Some(detail) = args.voice_detail {
        coaching.detail = detail;
    }
    coaching.breath |= args.voice_breath;
    let shared = shared_coach(&coaching, settings.cue_command.clone());
    let wait = args.gaps.prepare_wait().unwrap_or(settings.prepare_wait);
    if plain && wait && !io::stdin().is_terminal() {
        return Err(Failure::Usage(
            "`prepare: wait` holds each get-ready phase until Enter is pressed, and standard input is not a terminal, so nothing could press it; give the get-ready a time for this run (`--prepare 10s`, or `--prepare 0` for none)".into(),
        ));
    }
    let outcome: Outcome = if plain {
        let mut recorder = crate::history::store::Recorder::new(
            env.paths.history_file(),
            std::time::SystemTime::now(),
        );
        let (tx, signals) = std::sync::mpsc::channel();
        if wait {
            crate::plain::read_enter(tx.clone());
        }
        let _listener = crate::signals::Listener::start(&crate::signals::STOP, tx, |n| n)?;
        let mut out = io::stdout().lock();
        // The safety guidance goes before the first run, once; a state folder that cannot
        // be written only means it shows again.
        let first_run = crate::safety::seen::due(&env.paths);
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
        // On a terminal the bell rings as on the full screen; never into a pipe or a log.
        let page = crate::plain::Page {
            preface: &preface,
            bell: settings.bell && !args.no_bell && io::stdout().is_terminal(),
            wait,
        };
        let outcome = crate::plain::run(
            timeline.clone(),
            options,
            &page,
            &mut out,
            &mut crate::voice::lock(&shared),
            &signals,
            &crate::plain::RealClock,
        )?;
        if first_run {
            crate::safety::seen::remember(&env.paths);
        }
        recorder.record(&timeline, &outcome, std::time::SystemTime::now());
        if let Some(warning) = &recorder.warning {
            crate::diag::warn(warning);
        }
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
        drop(coach);
        outcome
    } else {
        for line in &told {
            crate::diag::say(line);
        }
        let ctx = screen_context(
            env,
            all,
            flag_gaps(&args.gaps),
            args.no_bell,
            args.no_figure,
            shared.clone(),
            args.gaps.prepare_wait(),
        )?;
        let end = crate::tui::app::run_app(
            &ctx,
            crate::tui::app::Start::Run(timeline.clone(), crate::text::one_line(&told)),
        )
        .map_err(|e| Failure::Message(format!("the screen failed: {e}")))?;
        leave_word(env, &end);
        let Some(outcome) = end.run else {
            // Left at the safety guidance, before the run began: nothing to record.
            return Ok(end.ending.exit_code());
        };
        // The screen told the coach how each run ended, and gave the last words their time.
        outcome
    };
    drop(shared);
    // A routine that ran to its end is done, whatever then closed its summary.
    Ok(if outcome.tally.completed {
        0
    } else {
        outcome.ending.exit_code()
    })
}

/// The coach for `coaching`, its programs looked up on `PATH`, to share with the screen;
/// says which voice speaks.
fn shared_coach(
    coaching: &crate::settings::Coaching,
    cue_command: Option<Vec<String>>,
) -> crate::voice::Shared {
    let (coach, line) =
        crate::voice::Coach::new(coaching, cue_command, std::env::var_os("PATH").as_deref());
    if let Some(line) = line {
        crate::diag::say(&line);
    }
    std::sync::Arc::new(std::sync::Mutex::new(coach))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Ending, Tally};
    use std::time::Duration;

    fn outcome(work: u64, completed: bool) -> Outcome {
        Outcome {
            ending: if completed {
                Ending::Completed
            } else {
                Ending::Quit
            },
            tally: Tally {
                active: Duration::from_secs(work + 10),
                work: Duration::from_secs(work),
                work_by_step: vec![Duration::from_secs(work)],
                steps_done: vec![0],
                completed,
                hurt: Vec::new(),
            },
        }
    }

    #[test]
    fn the_word_left_on_the_terminal_says_what_was_done_and_where_it_went() {
        assert_eq!(
            farewell("morning", &outcome(280, true), Some(3), Some("~/h.jsonl")),
            "morning · done · 4:40 of stretching, 4:50 in all · 3-day streak · in ~/h.jsonl"
        );
        assert_eq!(
            farewell("desk", &outcome(65, false), Some(1), None),
            "desk · stopped · 1:05 of stretching, 1:15 in all · 1-day streak"
        );
        assert_eq!(
            farewell("desk", &outcome(0, false), Some(0), Some("~/h.jsonl")),
            "desk · stopped before the first stretch · not recorded"
        );
    }
}
