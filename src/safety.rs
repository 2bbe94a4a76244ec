//! The safety guidance: what to know before stretching, when to stop, and the warning signs
//! that mean a professional should look at it (some of them urgently). Pure text, for
//! `supple safety`, the man page, the plain runner's first run and the first-run screen.
//! Whether it has been seen is kept on disk by [`seen`].

pub mod seen;

use crate::text::wrap_indented;
use std::fmt::Write as _;

/// Bumped when the guidance changes enough to be shown once more.
pub const VERSION: u32 = 1;

/// One part of the guidance: a heading, a line that leads in, and its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    pub title: &'static str,
    pub lead: &'static str,
    pub points: &'static [&'static str],
}

/// The first words, before the sections.
pub const INTRO: &str = "supple times stretches. It cannot examine you or tell whether a \
    stretch suits your body, and it gives no diagnosis: what it shows is not medical advice.";

/// How to stretch safely.
pub const HOW: Section = Section {
    title: "Stretch safely",
    lead: "",
    points: &[
        "Warm up first: a few minutes of easy walking or marching, or stretch after exercise.",
        "Go to a mild pull and no further. A stretch should never hurt.",
        "Move slowly into each position and keep still there; never bounce.",
        "Keep breathing. If a position stops you breathing easily, come out of it a little.",
        "Use a wall or a sturdy chair for balance in standing stretches.",
        "Have a health condition, an injury, recent surgery, a joint replacement, or a \
         pregnancy? Ask a doctor or physiotherapist which stretches suit you before you start, \
         and tell supple with `--condition` (or `conditions:` in config.yaml).",
    ],
};

/// When to stop at once.
pub const STOP: Section = Section {
    title: "Stop the stretch",
    lead: "Come out of it straight away if you feel:",
    points: &[
        "sharp, stabbing or shooting pain;",
        "numbness, pins and needles, or weakness;",
        "dizziness or faintness;",
        "pain that spreads away from the stretch, down an arm or a leg.",
    ],
};

/// The warning signs that are not an emergency.
pub const SEE: Section = Section {
    title: "See a GP or physiotherapist",
    lead: "Book an appointment when:",
    points: &[
        "back pain is no better after about two weeks;",
        "the exercises cause severe pain;",
        "pain spreads below the knee, or a leg feels numb or tingles;",
        "pain keeps getting worse, or is worse at night or when resting.",
    ],
};

/// The warning signs that need care the same day.
pub const URGENT: Section = Section {
    title: "Get urgent medical help",
    lead: "Call a doctor or emergency services now if back pain comes with:",
    points: &[
        "new trouble controlling or emptying your bladder or bowels;",
        "numbness around the genitals, buttocks or inner thighs;",
        "weakness, numbness or sciatica in both legs;",
        "a bad fall or accident;",
        "a fever, or weight loss you cannot explain.",
    ],
};

/// Every section, in order.
pub const SECTIONS: [Section; 4] = [HOW, STOP, SEE, URGENT];

/// The last words: a reassurance for an ordinary sore back.
pub const OUTRO: &str = "With an ordinary sore back, staying gently active helps it \
    recover, and some stiffness when you start to move does not mean harm: build up slowly.";

/// The red flags alone (who to see, and when it is urgent), for a routine done on a bad day.
pub fn red_flags(width: usize) -> String {
    let mut t = String::new();
    for section in [SEE, URGENT] {
        section_text(&mut t, &section, width);
    }
    t
}

/// Whether a routine shows the red flags before it starts, every time: the built-in one
/// for a bad-back day.
pub fn red_flags_first(routine: &crate::routine::Routine) -> bool {
    routine.origin.builtin && routine.name == "flare"
}

fn section_text(t: &mut String, section: &Section, width: usize) {
    let _ = writeln!(t, "{}", section.title.to_uppercase());
    if !section.lead.is_empty() {
        t.push_str(&wrap_indented(section.lead, width, "  ", "  "));
    }
    for point in section.points {
        t.push_str(&wrap_indented(point, width, "    ", "  - "));
    }
    t.push('\n');
}

/// The whole guidance as text, wrapped to `width` cells (at least 40).
pub fn text(width: usize) -> String {
    let width = width.max(40);
    let mut t = String::new();
    t.push_str(&wrap_indented(INTRO, width, "", ""));
    t.push('\n');
    for section in &SECTIONS {
        section_text(&mut t, section, width);
    }
    t.push_str(&wrap_indented(OUTRO, width, "", ""));
    t
}

/// Text escaped for roff: backslashes, and a line that would start with a control
/// character.
fn roff_escape(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    if s.starts_with('.') || s.starts_with('\'') {
        format!("\\&{s}")
    } else {
        s
    }
}

/// The guidance as a man page's SAFETY section (roff).
pub fn man_section() -> String {
    let mut r = String::from(".SH SAFETY\n");
    let _ = writeln!(r, "{}", roff_escape(INTRO));
    for section in &SECTIONS {
        let _ = writeln!(r, ".SS \"{}\"", section.title);
        if !section.lead.is_empty() {
            let _ = writeln!(r, "{}", roff_escape(section.lead));
        }
        for point in section.points {
            let _ = writeln!(r, ".IP \\(bu 2\n{}", roff_escape(point));
        }
        r.push_str(".PP\n");
    }
    let _ = writeln!(r, "{}", roff_escape(OUTRO));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_a_safe_coach_must() {
        let t = text(80);
        for needle in [
            "not medical advice",
            "Warm up first",
            "never bounce",
            "Keep breathing",
            "shooting pain",
            "about two weeks",
            "below the knee",
            "worse at night",
            "bladder or bowels",
            "genitals, buttocks or inner thighs",
            "both legs",
            "GP OR PHYSIOTHERAPIST",
            "GET URGENT MEDICAL HELP",
        ] {
            assert!(t.contains(needle), "{needle}\n{t}");
        }
        assert!(t.lines().all(|l| crate::text::width(l) <= 80), "{t}");
        assert!(text(10).lines().all(|l| crate::text::width(l) <= 40));
    }

    #[test]
    fn red_flags_are_the_two_warning_sections() {
        let r = red_flags(60);
        assert!(r.starts_with("SEE A GP OR PHYSIOTHERAPIST\n"), "{r}");
        assert!(r.contains("GET URGENT MEDICAL HELP"));
        assert!(!r.contains("Warm up"));
    }

    #[test]
    fn the_man_section_is_roff() {
        let m = man_section();
        assert!(m.starts_with(".SH SAFETY\n"));
        assert!(m.contains(".SS \"Get urgent medical help\""));
        assert!(m.contains("\\-\\-condition"), "{m}");
        assert!(
            m.lines()
                .all(|l| !l.starts_with('\'') && (!l.starts_with('.') || l.len() > 2))
        );
    }
}
