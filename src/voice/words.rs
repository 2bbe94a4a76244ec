//! What the voice says, and whether there is time to say it. Pure: events and the
//! timeline in, lines out.
//!
//! Written to be heard: whole words for times ("30 seconds"), short sentences, and the
//! longer text (setup steps, a caution, the cues) only where it fits before the next thing
//! that must be said: the next phase, or the 3-2-1 at the end of a work phase.

use crate::cue::Priority;
use crate::library::{Dose, Pace, Sides};
use crate::session::{Cue, Event, FIRST_HOLD_TIP};
use crate::settings::Detail;
use crate::timeline::{Phase, PhaseKind, Side, Timeline};
use std::time::Duration;

/// How the voice speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub detail: Detail,
    /// Say "in" and "out".
    pub breath: bool,
    /// Words per minute, to judge what fits.
    pub wpm: u32,
}

/// One thing to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub priority: Priority,
    /// The stretch cue this line carries, remembered once it is said.
    pub cue: Option<String>,
}

/// What the voice keeps between events: where the current phase began, and the last cue
/// said in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Memory {
    phase: Option<usize>,
    began: Duration,
    pub cue: Option<String>,
}

/// Time kept free after a line, so that it ends before the next thing begins.
const MARGIN: f64 = 0.3;

/// Silence kept between a rep's number and the 3-2-1, so the two counts are not heard as one.
const COUNT_GAP: f64 = 1.0;

/// The seconds `text` takes to say at `wpm`: a start-up delay, the words (a number over
/// twenty is two or three words), and a pause at each sentence or clause break.
/// (espeak-ng at 175 wpm: "3" 0.6 s, "Left side. Hold 30 seconds." 2.6 s, a 30-word
/// setup 8.3 s; this gives 0.6, 2.6 and 11.0: long text is overestimated, never short.)
pub fn seconds(text: &str, wpm: u32) -> f64 {
    let mut words = 0.0;
    let mut pauses = 0.0;
    for token in text.split_whitespace() {
        let bare = token.trim_matches(|c: char| !c.is_alphanumeric());
        words += match bare.parse::<u32>() {
            Ok(n) if n >= 100 => 3.0,
            Ok(n) if n > 20 && n % 10 != 0 => 2.0,
            _ => 1.0,
        };
        if token.ends_with(['.', '!', '?', ';']) {
            pauses += 0.3;
        } else if token.ends_with([',', ':']) {
            pauses += 0.15;
        }
    }
    0.25 + words * 60.0 / f64::from(wpm.max(1)) + pauses
}

/// A number of seconds in words: "1 second", "30 seconds", "1 minute 30 seconds".
pub fn duration_words(secs: u32) -> String {
    let unit = |n: u32, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    match (secs / 60, secs % 60) {
        (0, s) => unit(s, "second"),
        (m, 0) => unit(m, "minute"),
        (m, s) => format!("{} {}", unit(m, "minute"), unit(s, "second")),
    }
}

/// Text from a stretch file, made to be heard: `30s` as "30 seconds", `2m` as "2 minutes",
/// `×` as "times", dashes as pauses, and no leading `-` a program could take for an option.
pub fn spoken(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for token in text.split_whitespace() {
        let end = token.trim_end_matches(|c: char| !c.is_alphanumeric());
        let tail = &token[end.len()..];
        let time = |suffix: char, unit: &str| {
            end.strip_suffix(suffix)
                .and_then(|n| n.parse::<u32>().ok())
                .map(|n| {
                    let words = if n == 1 {
                        format!("1 {unit}")
                    } else {
                        format!("{n} {unit}s")
                    };
                    format!("{words}{tail}")
                })
        };
        let word = match token {
            "×" | "x" if !out.is_empty() => "times".to_string(),
            "—" | "–" | "-" => {
                if let Some(last) = out.last_mut()
                    && !last.ends_with([',', '.', ':', ';'])
                {
                    last.push(',');
                }
                continue;
            }
            _ => time('s', "second")
                .or_else(|| time('m', "minute"))
                .unwrap_or_else(|| token.to_string()),
        };
        out.push(word);
    }
    out.join(" ")
        .trim_start_matches(|c: char| c == '-' || c.is_whitespace())
        .to_string()
}

/// When, inside a phase, the next thing that must be said comes: the 3-2-1 of a work
/// phase, or the next phase.
fn talk_until(phase: &Phase) -> f64 {
    let len = f64::from(phase.seconds);
    if phase.kind == PhaseKind::Work {
        if phase.seconds > 3 {
            len - 3.0
        } else {
            len - f64::from(phase.seconds.saturating_sub(1))
        }
    } else {
        len
    }
}

/// The first of `tiers` (longest first) that fits in `room` seconds, else the last.
fn fitting(tiers: Vec<String>, room: f64, wpm: u32) -> String {
    let last = tiers.last().cloned().unwrap_or_default();
    tiers
        .into_iter()
        .find(|t| seconds(t, wpm) + MARGIN <= room)
        .unwrap_or(last)
}

fn side_sentence(side: Side) -> &'static str {
    match side {
        Side::Left => "Left side.",
        Side::Right => "Right side.",
    }
}

/// The cue the screen shows at `offset` into work phase `index` (as the session's view
/// picks it): the first hold's tip for its first 8 seconds, then a new cue every 10.
fn cue_at(t: &Timeline, index: usize, offset: Duration) -> Option<&str> {
    let phase = &t.phases[index];
    let cues = &t.steps[phase.step].stretch.cues;
    if t.first_hold() == Some(index) && offset < Duration::from_secs(8) {
        Some(FIRST_HOLD_TIP)
    } else if cues.is_empty() {
        None
    } else {
        Some(cues[(offset.as_secs() / 10) as usize % cues.len()].as_str())
    }
}

/// What to say for `events`, in order (only the phase the session is now in: after a long
/// gap the voice does not read out everything it missed).
pub fn lines(events: &[Event], t: &Timeline, style: &Style, memory: &mut Memory) -> Vec<Line> {
    let Some(last) = events.last() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for event in events.iter().filter(|e| e.phase == last.phase) {
        if event.phase >= t.phases.len() {
            continue;
        }
        if event.cue == Cue::PhaseStart || memory.phase != Some(event.phase) {
            memory.phase = Some(event.phase);
            // A phase whose start was not heard began, as far as anyone knows, on schedule.
            memory.began = if event.cue == Cue::PhaseStart {
                event.at
            } else {
                Duration::from_secs(u64::from(t.phases[event.phase].start))
            };
            memory.cue = None;
        }
        let offset = event.at.saturating_sub(memory.began);
        if let Some(line) = line(event, offset, t, *style, memory) {
            out.push(line);
        }
    }
    out
}

fn line(
    event: &Event,
    offset: Duration,
    t: &Timeline,
    style: Style,
    memory: &Memory,
) -> Option<Line> {
    let phase = &t.phases[event.phase];
    let step = &t.steps[phase.step];
    let stretch = &step.stretch;
    let full = style.detail == Detail::Full;
    let wpm = style.wpm;
    let room = talk_until(phase) - offset.as_secs_f64();
    let say = |text: String, priority: Priority| Line {
        text,
        priority,
        cue: None,
    };
    match &event.cue {
        Cue::PhaseStart => Some(match phase.kind {
            PhaseKind::Prepare => {
                let brief = format!("Get ready: {}.", spoken(&stretch.name));
                let mut tiers = Vec::new();
                if full {
                    // The caution first, as the one extra that must not be crowded out;
                    // then as many setup steps as the time allows.
                    let caution = stretch.cautions.first().map(|c| spoken(c));
                    let base = match &caution {
                        Some(c) => format!("{brief} {c}"),
                        None => brief.clone(),
                    };
                    let mut with_steps = Vec::new();
                    let mut steps = brief.clone();
                    for s in &stretch.setup {
                        steps = format!("{steps} {}", spoken(s));
                        with_steps.push(match &caution {
                            Some(c) => format!("{steps} {c}"),
                            None => steps.clone(),
                        });
                    }
                    tiers.extend(with_steps.into_iter().rev());
                    tiers.push(base);
                }
                tiers.push(brief);
                tiers.push(format!("{}.", spoken(&stretch.name)));
                say(fitting(tiers, room, wpm), Priority::Phase)
            }
            PhaseKind::Work => {
                let set = if phase.sets > 1 {
                    format!("Set {} of {}. ", phase.set, phase.sets)
                } else {
                    String::new()
                };
                let side = phase.side.map(side_sentence);
                let dose = match (&step.dose, phase.reps) {
                    (_, Some(reps)) if stretch.sides == Sides::Alternating => {
                        format!("{reps} reps each side, alternating.")
                    }
                    (_, Some(reps)) => format!("{reps} reps."),
                    (_, None) => format!("Hold {}.", duration_words(phase.seconds)),
                };
                // With no get-ready phase before it (`prepare: 0`) the stretch is named
                // here, and in full detail its first caution comes with it.
                let unprepared = t.unprepared(event.phase);
                let named = if unprepared {
                    format!("{}. ", spoken(&stretch.name))
                } else {
                    String::new()
                };
                let brief = match side {
                    Some(s) => format!("{named}{set}{s} {dose}"),
                    None => format!("{named}{set}{dose}"),
                };
                let short = format!("{named}{}", side.unwrap_or(&dose));
                let mut tiers = Vec::new();
                let first_cue = cue_at(t, event.phase, Duration::ZERO).map(str::to_string);
                let caution = stretch
                    .cautions
                    .first()
                    .filter(|_| full && unprepared)
                    .map(|c| spoken(c));
                if let Some(c) = &caution {
                    tiers.push(format!("{brief} {c}"));
                }
                if full
                    && caution.is_none()
                    && let Some(c) = &first_cue
                {
                    tiers.push(format!("{brief} {}", spoken(c)));
                }
                tiers.push(brief);
                tiers.push(short);
                let text = fitting(tiers, room, wpm);
                let cue = first_cue.filter(|c| full && text.ends_with(&spoken(c)));
                Line {
                    text,
                    priority: Priority::Phase,
                    cue,
                }
            }
            PhaseKind::Switch => {
                let mut tiers = Vec::new();
                if full && let Some(side) = phase.side {
                    tiers.push(format!(
                        "Switch sides. {} next.",
                        side_sentence(side).trim_end_matches('.')
                    ));
                }
                tiers.push("Switch sides.".into());
                say(fitting(tiers, room, wpm), Priority::Phase)
            }
            PhaseKind::Rest => {
                let tiers = vec![
                    format!("Rest, {}.", duration_words(phase.seconds)),
                    "Rest.".into(),
                ];
                say(fitting(tiers, room, wpm), Priority::Phase)
            }
        }),
        Cue::Countdown(n) => Some(say(n.to_string(), Priority::Countdown)),
        Cue::Done { stretched } => Some(say(
            if full {
                // The stretching as it was done, as the summary and the Done line say it.
                let secs = crate::library::whole_seconds(*stretched);
                format!("Done. {} of stretching.", duration_words(secs))
            } else {
                "Done.".into()
            },
            Priority::Done,
        )),
        Cue::Rep { n, of, side } => {
            let text = match side {
                Some(Side::Right) => full.then(|| "Other side.".to_string())?,
                _ if *n == 1 => return None,
                _ if n == of => "Last one.".to_string(),
                _ => n.to_string(),
            };
            fits(text, room - COUNT_GAP, wpm).map(|text| say(text, Priority::Count))
        }
        Cue::Inhale | Cue::Exhale => {
            let inhale = event.cue == Cue::Inhale;
            let breath_reps = match &step.dose {
                Dose::Reps {
                    pace: Pace::Breath(b),
                    reps,
                    ..
                } => Some((b, *reps)),
                _ => None,
            };
            let breath_word = if style.breath {
                let own = breath_reps.and_then(|(b, _)| {
                    if inhale {
                        b.in_cue.as_deref()
                    } else {
                        b.out_cue.as_deref()
                    }
                });
                let (plain, short) = if inhale {
                    ("Breathe in.", "In.")
                } else {
                    ("Breathe out.", "Out.")
                };
                let half = breath_reps.map_or(room, |(b, _)| {
                    f64::from(if inhale { b.inhale } else { b.exhale })
                });
                let mut tiers = Vec::new();
                if full {
                    if let Some(own) = own {
                        tiers.push(format!("{}.", spoken(own).trim_end_matches('.')));
                    }
                    tiers.push(plain.to_string());
                }
                tiers.push(short.to_string());
                Some(fitting(tiers, half.min(room), wpm))
            } else {
                None
            };
            let count = match (breath_reps, style.breath, inhale) {
                // Without breath words, a breath-paced rep is marked by its number.
                (Some((b, reps)), false, true) => {
                    let period = u64::from(b.inhale + b.exhale).max(1);
                    let k = (offset.as_secs() / period) as u32;
                    let alternating = stretch.sides == Sides::Alternating;
                    let (n, side) = if alternating {
                        (
                            k / 2 + 1,
                            Some(if k.is_multiple_of(2) {
                                Side::Left
                            } else {
                                Side::Right
                            }),
                        )
                    } else {
                        (k + 1, None)
                    };
                    match side {
                        Some(Side::Right) => None,
                        _ if n <= 1 => None,
                        _ if n == reps => Some("Last one.".to_string()),
                        _ => Some(n.to_string()),
                    }
                }
                _ => None,
            };
            if let Some(text) = count {
                return fits(text, room - COUNT_GAP, wpm).map(|text| say(text, Priority::Count));
            }
            let cue = full.then(|| new_cue(event, offset, t, memory)).flatten();
            match (breath_word, cue) {
                (Some(b), Some(c)) => {
                    let both = format!("{b} {}", spoken(&c));
                    if seconds(&both, wpm) + MARGIN <= room {
                        Some(Line {
                            text: both,
                            priority: Priority::Line,
                            cue: Some(c),
                        })
                    } else {
                        fits(b, room, wpm).map(|text| say(text, Priority::Line))
                    }
                }
                (Some(b), None) => fits(b, room, wpm).map(|text| say(text, Priority::Line)),
                (None, Some(c)) => fits(spoken(&c), room, wpm).map(|text| Line {
                    text,
                    priority: Priority::Line,
                    cue: Some(c),
                }),
                (None, None) => None,
            }
        }
        Cue::Halfway => {
            if !full {
                return None;
            }
            let cue = new_cue(event, offset, t, memory);
            let text = match &cue {
                Some(c) => format!("Halfway. {}", spoken(c)),
                None => "Halfway.".into(),
            };
            match fits(text, room, wpm) {
                Some(text) => Some(Line {
                    text,
                    priority: Priority::Line,
                    cue,
                }),
                None => fits("Halfway.".into(), room, wpm).map(|text| say(text, Priority::Line)),
            }
        }
    }
}

/// `text` if it fits in `room`.
fn fits(text: String, room: f64, wpm: u32) -> Option<String> {
    (seconds(&text, wpm) + MARGIN <= room).then_some(text)
}

/// The screen's cue at this moment of a work phase, when it is not the one said last.
fn new_cue(event: &Event, offset: Duration, t: &Timeline, memory: &Memory) -> Option<String> {
    if t.phases[event.phase].kind != PhaseKind::Work {
        return None;
    }
    let cue = cue_at(t, event.phase, offset)?;
    (memory.cue.as_deref() != Some(cue)).then(|| cue.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::Gaps;
    use crate::session::{Options, Session};
    use crate::timeline::tests::{breath, hold, stretch, tempo};
    use std::time::Instant;

    /// Everything said over a whole run, each line with its second, by a voice that
    /// speaks exactly as long as [`seconds`] says, under the announcer's rules.
    fn script(t: &Timeline, style: Style, pacer: Option<(u32, u32)>) -> Vec<String> {
        let t0 = Instant::now();
        let mut s = Session::start(t.clone(), Options { pacer }, t0);
        let mut memory = Memory::default();
        let mut out = Vec::new();
        let mut busy: Option<(f64, Priority)> = None;
        for ms in (0..=u64::from(t.total) * 1000 + 1000).step_by(250) {
            let now = ms as f64 / 1000.0;
            let events = s.tick(t0 + Duration::from_millis(ms));
            for l in lines(&events, t, &style, &mut memory) {
                let current = busy.filter(|(until, _)| *until > now).map(|(_, p)| p);
                if !crate::cue::may_start(current, l.priority) {
                    continue;
                }
                busy = Some((now + seconds(&l.text, style.wpm), l.priority));
                if l.cue.is_some() {
                    memory.cue.clone_from(&l.cue);
                }
                out.push(format!("{:>2} {}", ms / 1000, l.text));
            }
        }
        out
    }

    const BRIEF: Style = Style {
        detail: Detail::Brief,
        breath: false,
        wpm: 175,
    };
    const FULL: Style = Style {
        detail: Detail::Full,
        breath: false,
        wpm: 175,
    };

    fn knee() -> Timeline {
        let mut knee = stretch("Knee-to-Chest", Sides::Each, hold(12, 1));
        knee.stretch.setup = vec![
            "Lie on your back.".into(),
            "Bring one knee towards your chest.".into(),
        ];
        knee.stretch.cues = vec![
            "Breathe out and let the knee come closer.".into(),
            "Shoulders stay down.".into(),
        ];
        knee.stretch.cautions = vec!["Hip pain? Hold behind the thigh.".into()];
        let mut swing = stretch("Leg Swings", Sides::Both, tempo(4, 2, 1));
        swing.stretch.setup = vec!["Stand by a wall.".into()];
        Timeline::from_steps(
            "test",
            vec![knee, swing],
            Gaps {
                prepare: Some(8),
                switch: Some(3),
                rest: Some(5),
            },
        )
    }

    #[test]
    fn brief_says_name_side_reps_switch_countdown_and_done() {
        assert_eq!(
            script(&knee(), BRIEF, None),
            [
                " 0 Get ready: Knee-to-Chest.",
                " 8 Left side. Hold 12 seconds.",
                "17 3",
                "18 2",
                "19 1",
                "20 Switch sides.",
                "23 Right side. Hold 12 seconds.",
                "32 3",
                "33 2",
                "34 1",
                "35 Get ready: Leg Swings.",
                "43 4 reps.",
                "45 2",
                "48 3",
                "49 2",
                "50 1",
                "51 Done.",
            ]
        );
    }

    #[test]
    fn with_no_get_ready_phase_the_work_names_the_stretch_and_in_full_its_caution() {
        let mut t = knee();
        t = Timeline::from_steps(
            "test",
            t.steps,
            Gaps {
                prepare: Some(0),
                switch: Some(3),
                rest: Some(5),
            },
        );
        let brief = script(&t, BRIEF, None);
        assert_eq!(brief[0], " 0 Knee-to-Chest. Left side. Hold 12 seconds.");
        assert!(
            brief.iter().any(|l| l.ends_with(" Leg Swings. 4 reps.")),
            "{brief:?}"
        );
        let full = script(&t, FULL, None);
        assert_eq!(
            full[0],
            " 0 Knee-to-Chest. Left side. Hold 12 seconds. Hip pain? Hold behind the thigh."
        );
        // The right side, after the switch, is said as before.
        assert!(
            full.iter()
                .any(|l| l.starts_with("15 Right side. Hold 12 seconds.")),
            "{full:?}"
        );
    }

    #[test]
    fn full_adds_setup_caution_and_cues_where_they_fit() {
        let said = script(&knee(), FULL, Some((4, 6)));
        assert_eq!(
            said,
            [
                " 0 Get ready: Knee-to-Chest. Lie on your back. Hip pain? Hold behind the thigh.",
                " 8 Left side. Hold 12 seconds. Ease into a mild pull: tension, never pain.",
                "17 3",
                "18 2",
                "19 1",
                "20 Switch sides. Right side next.",
                "23 Right side. Hold 12 seconds. Breathe out and let the knee come closer.",
                "32 3",
                "33 2",
                "34 1",
                "35 Get ready: Leg Swings. Stand by a wall.",
                "43 4 reps. Breathe.",
                "45 2",
                "48 3",
                "49 2",
                "50 1",
                "51 Done. 32 seconds of stretching.",
            ]
        );
    }

    #[test]
    fn done_says_the_stretching_done_when_phases_were_skipped() {
        let t = knee();
        assert_eq!(t.work_total(), 32, "planned");
        let t0 = Instant::now();
        let at = |s: u64| t0 + Duration::from_secs(s);
        let mut s = Session::start(t.clone(), Options { pacer: None }, t0);
        s.tick(t0);
        // 5 s into the left side's hold, on past the rest of the knee, then past the swings.
        s.tick(at(13));
        s.next_stretch(at(13));
        let events = s.next_stretch(at(13));
        let said: Vec<String> = lines(&events, &t, &FULL, &mut Memory::default())
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(said, ["Done. 5 seconds of stretching."]);
        assert_eq!(s.tally(at(13)).work, Duration::from_secs(5));
    }

    #[test]
    fn breath_words_only_when_asked() {
        let t = Timeline::from_steps(
            "t",
            vec![stretch("Cat", Sides::Both, breath(3, 3, 3))],
            Gaps {
                prepare: Some(3),
                ..Gaps::default()
            },
        );
        let quiet = script(&t, BRIEF, None);
        assert!(
            !quiet.iter().any(|l| l.contains("In") || l.contains("Out")),
            "{quiet:?}"
        );
        // Without breath words, each breath-paced rep after the first says its number.
        assert!(quiet.contains(&" 9 2".to_string()), "{quiet:?}");
        let breathing = script(
            &t,
            Style {
                breath: true,
                ..BRIEF
            },
            None,
        );
        assert!(breathing.contains(&" 9 In.".to_string()), "{breathing:?}");
        assert!(breathing.contains(&" 6 Out.".to_string()), "{breathing:?}");
        let full = script(
            &t,
            Style {
                breath: true,
                ..FULL
            },
            None,
        );
        assert!(full.contains(&" 9 up.".to_string()), "{full:?}");
    }

    #[test]
    fn times_are_words_to_be_heard() {
        assert_eq!(duration_words(4), "4 seconds");
        assert_eq!(duration_words(1), "1 second");
        assert_eq!(duration_words(90), "1 minute 30 seconds");
        assert_eq!(duration_words(120), "2 minutes");
        assert_eq!(
            spoken("Hold 30s, then 2 × 10 — slowly"),
            "Hold 30 seconds, then 2 times 10, slowly"
        );
        assert_eq!(spoken("--rm -rf"), "rm -rf");
        assert_eq!(spoken("Knee-to-Chest"), "Knee-to-Chest");
    }

    #[test]
    fn speech_length_grows_with_words_and_shrinks_with_rate() {
        let short = seconds("3", 175);
        assert!((0.4..0.8).contains(&short), "{short}");
        let sentence = seconds("Left side. Hold 30 seconds.", 175);
        assert!((2.0..3.2).contains(&sentence), "{sentence}");
        assert!(seconds("Left side. Hold 30 seconds.", 350) < sentence * 0.7);
    }

    #[test]
    fn a_short_hold_keeps_its_words_clear_of_the_countdown() {
        let t = Timeline::from_steps(
            "t",
            vec![stretch("Knee", Sides::Each, hold(4, 1))],
            Gaps {
                prepare: Some(2),
                switch: Some(1),
                ..Gaps::default()
            },
        );
        let said = script(&t, FULL, None);
        // One second before the 3-2-1: only the side.
        assert!(said.contains(&" 2 Left side.".to_string()), "{said:?}");
        assert!(said.contains(&" 0 Knee.".to_string()), "{said:?}");
    }
}
