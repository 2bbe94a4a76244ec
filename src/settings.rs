//! `config.yaml`: the user's defaults, below the command line and the routine file.
//!
//! ```yaml
//! prepare: 10s          # get-ready time before each stretch; 0 for none, `wait` to hold it
//! switch: 5s            # between sides
//! rest: 10s             # between sets
//! pacer: {in: 4s, out: 6s}   # breathing pacer during holds, or `off`
//! bell: true            # terminal bell at phase changes and 3-2-1
//! cue_command: ["espeak-ng", "{text}"]   # run for every cue, `{text}` = its words
//! colors: true          # false for a plain screen (NO_COLOR does the same)
//! conditions: [disc]    # health conditions to respect, as with --condition
//! figures: braille      # the stick figures: braille, blocks (fonts without braille), off
//! voice: auto           # speak the coaching: auto, off, spd-say, espeak-ng, say, piper, a command
//! voice_detail: brief   # brief or full
//! voice_breath: false   # also say "in" and "out"
//! voice_rate: 175       # words per minute
//! voice_model: ~/voices/en_US-lessac-medium.onnx   # piper's voice
//! sounds: {switch: [paplay, switch.oga], done: [paplay, done.oga]}
//! notify: true          # a desktop notification when a routine ends
//! on_event: [sh, ~/bin/lamp.sh]   # gets every event as JSON on stdin
//! ```

use crate::diag::{Diagnostic, Problems};
use crate::library::Source;
use crate::routine::Gaps;
use crate::yaml::{Doc, Scope, Value, kind_of};

const FIELDS: &[&str] = &[
    "prepare",
    "switch",
    "rest",
    "pacer",
    "bell",
    "cue_command",
    "colors",
    "conditions",
    "figures",
    "voice",
    "voice_detail",
    "voice_breath",
    "voice_rate",
    "voice_model",
    "sounds",
    "notify",
    "on_event",
];

crate::vocab!(
    /// How the stick figures are drawn: in braille, in half blocks for fonts without
    /// braille, or not at all.
    Figures, "figures value", {
        Braille = "braille",
        Blocks = "blocks",
        Off = "off",
    }
);

/// The keys of `sounds:`, one per kind of moment.
pub const SOUND_EVENTS: &[&str] = &["phase", "switch", "countdown", "done", "hurt"];

crate::vocab!(
    /// A speech program supple knows how to call.
    Speech, "speech program", {
        SpdSay = "spd-say",
        EspeakNg = "espeak-ng",
        Espeak = "espeak",
        Say = "say",
        Piper = "piper",
    }
);

crate::vocab!(
    /// How much the voice says.
    Detail, "voice detail", {
        Brief = "brief",
        Full = "full",
    }
);

/// Which voice speaks the coaching.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum VoiceChoice {
    #[default]
    Off,
    /// The first speech program found on `PATH`.
    Auto,
    Program(Speech),
    /// The user's own program and arguments; `{text}` becomes the words (else they go last).
    Command(Vec<String>),
}

impl VoiceChoice {
    /// `auto`, `off`, a known program's name, or a command line (split at spaces).
    pub fn from_word(s: &str) -> Result<VoiceChoice, String> {
        use crate::yaml::Vocab as _;
        let s = s.trim();
        Ok(match s {
            "" => {
                return Err(
                    "an empty voice; expected auto, off, a speech program or a command".into(),
                );
            }
            "auto" => VoiceChoice::Auto,
            "off" | "none" => VoiceChoice::Off,
            word => match Speech::parse(word) {
                Some(p) => VoiceChoice::Program(p),
                None => VoiceChoice::Command(word.split_whitespace().map(str::to_string).collect()),
            },
        })
    }
}

/// A command for each kind of moment, played instead of the bell for it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sounds {
    pub phase: Option<Vec<String>>,
    pub switch: Option<Vec<String>>,
    pub countdown: Option<Vec<String>>,
    pub done: Option<Vec<String>>,
    pub hurt: Option<Vec<String>>,
}

/// What the coach does besides the screen: speech, sounds, a notification, hooks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coaching {
    pub voice: VoiceChoice,
    pub detail: Detail,
    /// Say the breath words ("in", "out") too.
    pub breath: bool,
    /// Words per minute, passed to the speech program (and used to judge what fits).
    pub rate: Option<u32>,
    /// The voice model piper needs.
    pub model: Option<String>,
    pub sounds: Sounds,
    pub notify: bool,
    /// Commands that get every event as one JSON object on stdin.
    pub on_event: Vec<Vec<String>>,
}

impl Default for Coaching {
    fn default() -> Self {
        Self {
            voice: VoiceChoice::Off,
            detail: Detail::Brief,
            breath: false,
            rate: None,
            model: None,
            sounds: Sounds::default(),
            notify: false,
            on_event: Vec::new(),
        }
    }
}

/// Settings from `config.yaml`, with their built-in defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Gaps the config sets (unset ones fall through to the built-in defaults).
    pub gaps: Gaps,
    /// The breathing pacer during holds, `(in, out)` seconds; `None` is off.
    pub pacer: Option<(u32, u32)>,
    pub bell: bool,
    /// A program and its arguments, run for every cue; `{text}` becomes the cue's words.
    pub cue_command: Option<Vec<String>>,
    pub colors: bool,
    /// Health conditions to respect on every run, plan, list and build.
    pub conditions: Vec<crate::library::Condition>,
    pub figures: Figures,
    /// Voice, sounds, notification and hooks.
    pub coaching: Coaching,
    /// `prepare: wait`: each get-ready phase waits for the user.
    pub prepare_wait: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            gaps: Gaps::default(),
            pacer: Some((4, 6)),
            bell: true,
            cue_command: None,
            colors: true,
            conditions: Vec::new(),
            figures: Figures::Braille,
            coaching: Coaching::default(),
            prepare_wait: false,
        }
    }
}

impl Settings {
    /// Reads `config.yaml` text; every problem is collected.
    pub fn parse(source: &Source) -> Result<Settings, Problems> {
        let (mut doc, value) =
            Doc::parse(&source.name, &source.text).map_err(|d| Problems(vec![d]))?;
        let mut settings = Settings::default();
        let map = match &value.value {
            Value::Null => return Ok(settings),
            Value::Map(m) => m,
            other => {
                return Err(Problems(vec![
                    Diagnostic::new(
                        &source.name,
                        format!(
                            "expected settings (a mapping like `rest: 10s`), found {}",
                            kind_of(other)
                        ),
                    )
                    .at(Some(value.pos())),
                ]));
            }
        };
        let scope = Scope::new(&value, map, None);
        doc.check_keys(&scope, FIELDS);
        let (prepare, wait) = crate::routine::read_prepare(&mut doc, &scope, true);
        settings.prepare_wait = wait;
        settings.gaps = Gaps {
            prepare,
            switch: doc.duration(&scope, "switch"),
            rest: doc.duration(&scope, "rest"),
        };
        if let Some(v) = map.get("pacer") {
            settings.pacer = match &v.value {
                Value::Bool(false) => None,
                Value::Str(s) if s == "off" => None,
                Value::Map(_) => {
                    let sub = doc.sub(&scope, "pacer");
                    sub.and_then(|b| {
                        doc.check_keys(&b, &["in", "out"]);
                        let i = doc.duration(&b, "in");
                        let o = doc.duration(&b, "out");
                        if !b.map.contains_key("in") {
                            doc.missing(&b, "in", "the inhale's length, like `4s`");
                        }
                        if !b.map.contains_key("out") {
                            doc.missing(&b, "out", "the exhale's length, like `6s`");
                        }
                        Some((i?, o?))
                    })
                }
                other => {
                    doc.field_problem(
                        &scope,
                        "pacer",
                        None,
                        format!(
                            "expected `{{in: 4s, out: 6s}}` or `off`, found {}",
                            kind_of(other)
                        ),
                        None,
                    );
                    None
                }
            };
        }
        if let Some(b) = doc.flag(&scope, "bell") {
            settings.bell = b;
        }
        if let Some(b) = doc.flag(&scope, "colors") {
            settings.colors = b;
        }
        settings.conditions = doc.word_list(&scope, "conditions");
        // `figures: false` reads as YAML's false: the same as `off`.
        if map
            .get("figures")
            .is_some_and(|v| matches!(v.value, Value::Bool(false)))
        {
            settings.figures = Figures::Off;
        } else if let Some(f) = doc.word::<Figures>(&scope, "figures", false) {
            settings.figures = f;
        }
        if map.contains_key("cue_command") {
            let words = doc.text_list(&scope, "cue_command");
            if words.is_empty() && map.get("cue_command").is_some_and(|v| v.as_seq().is_some()) {
                doc.field_problem(
                    &scope,
                    "cue_command",
                    None,
                    "empty command",
                    Some(
                        "write a program and its arguments, like `[\"espeak-ng\", \"{text}\"]`"
                            .into(),
                    ),
                );
            }
            settings.cue_command = (!words.is_empty()).then_some(words);
        }
        settings.coaching = coaching(&mut doc, &scope);
        if doc.reported() == 0 {
            Ok(settings)
        } else {
            let mut problems = doc.into_problems();
            crate::diag::attach_lines(&mut problems, &source.text);
            Err(Problems(problems))
        }
    }

    /// The conditions to respect: the config's, then those named on the command line.
    pub fn conditions_with(
        &self,
        flags: &[crate::library::Condition],
    ) -> Vec<crate::library::Condition> {
        let mut all = self.conditions.clone();
        for c in flags {
            if !all.contains(c) {
                all.push(*c);
            }
        }
        all
    }

    /// Colours unless the config or `NO_COLOR` (any non-empty value, passed in by the
    /// caller) turns them off.
    pub fn use_colors(&self, no_color: Option<&std::ffi::OsStr>) -> bool {
        self.colors && no_color.is_none_or(std::ffi::OsStr::is_empty)
    }
}

/// The coaching keys of `config.yaml`.
fn coaching(doc: &mut Doc, scope: &Scope<'_>) -> Coaching {
    let mut c = Coaching::default();
    if let Some(v) = scope.map.get("voice") {
        match &v.value {
            Value::Bool(false) => c.voice = VoiceChoice::Off,
            Value::Str(s) => match VoiceChoice::from_word(s) {
                Ok(choice) => c.voice = choice,
                Err(message) => doc.field_problem(scope, "voice", None, message, None),
            },
            Value::Seq(_) => {
                if let Some(words) = command(doc, scope, "voice") {
                    c.voice = VoiceChoice::Command(words);
                }
            }
            other => doc.field_problem(
                scope,
                "voice",
                None,
                format!(
                    "expected auto, off, spd-say, espeak-ng, espeak, say, piper or a command, found {}",
                    kind_of(other)
                ),
                None,
            ),
        }
    }
    if let Some(d) = doc.word::<Detail>(scope, "voice_detail", false) {
        c.detail = d;
    }
    if let Some(b) = doc.flag(scope, "voice_breath") {
        c.breath = b;
    }
    c.rate = doc.count(scope, "voice_rate", 80, 500);
    c.model = doc.text(scope, "voice_model", false);
    if let Some(sounds) = doc.sub(scope, "sounds") {
        doc.check_keys(&sounds, SOUND_EVENTS);
        c.sounds = Sounds {
            phase: command(doc, &sounds, "phase"),
            switch: command(doc, &sounds, "switch"),
            countdown: command(doc, &sounds, "countdown"),
            done: command(doc, &sounds, "done"),
            hurt: command(doc, &sounds, "hurt"),
        };
    }
    if let Some(b) = doc.flag(scope, "notify") {
        c.notify = b;
    }
    if let Some(v) = scope.map.get("on_event") {
        let lists = v
            .as_seq()
            .is_some_and(|items| !items.is_empty() && items.iter().all(|i| i.as_seq().is_some()));
        if lists {
            // Several commands, each a list.
            let items = v.as_seq().unwrap_or_default();
            for item in items {
                let words: Vec<String> = item
                    .as_seq()
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|w| w.as_str().map(str::to_string))
                    .collect();
                if words.is_empty() || words.len() != item.as_seq().map_or(0, <[_]>::len) {
                    doc.field_problem(
                        scope,
                        "on_event",
                        Some(item.pos()),
                        "expected a command: a program and its arguments, as text",
                        None,
                    );
                } else {
                    c.on_event.push(words);
                }
            }
        } else if let Some(words) = command(doc, scope, "on_event") {
            c.on_event.push(words);
        }
    }
    c
}

/// A program and its arguments: a list of text, or one line of text split at spaces.
fn command(doc: &mut Doc, scope: &Scope<'_>, key: &str) -> Option<Vec<String>> {
    let v = scope.map.get(key)?;
    let words = match &v.value {
        Value::Str(s) => s.split_whitespace().map(str::to_string).collect(),
        Value::Seq(_) => doc.text_list(scope, key),
        other => {
            doc.field_problem(
                scope,
                key,
                None,
                format!(
                    "expected a command (a program and its arguments), found {}",
                    kind_of(other)
                ),
                Some(format!(
                    "write `{key}: [paplay, /usr/share/sounds/freedesktop/stereo/bell.oga]`"
                )),
            );
            return None;
        }
    };
    if words.is_empty() {
        doc.field_problem(
            scope,
            key,
            None,
            "empty command",
            Some("write a program and its arguments, like `[paplay, sound.oga]`".into()),
        );
        return None;
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Settings, Vec<String>> {
        Settings::parse(&Source {
            name: "config.yaml".into(),
            text: text.into(),
            builtin: false,
        })
        .map_err(|p| p.0.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn empty_config_gives_defaults() {
        assert_eq!(parse("").unwrap(), Settings::default());
        assert_eq!(parse("# nothing\n").unwrap(), Settings::default());
    }

    #[test]
    fn figures_are_braille_blocks_or_off() {
        assert_eq!(Settings::default().figures, Figures::Braille);
        assert_eq!(parse("figures: blocks\n").unwrap().figures, Figures::Blocks);
        assert_eq!(parse("figures: off\n").unwrap().figures, Figures::Off);
        assert_eq!(parse("figures: false\n").unwrap().figures, Figures::Off);
        let e = parse("figures: brail\n").unwrap_err();
        assert!(
            e[0].starts_with("config.yaml:1:10: field `figures`: unknown figures value `brail`"),
            "{}",
            e[0]
        );
        assert!(e[0].ends_with("(did you mean `braille`?)"), "{}", e[0]);
    }

    #[test]
    fn reads_every_setting() {
        let s = parse("prepare: 3s\nrest: 1m\npacer: {in: 5s, out: 5s}\nbell: false\ncue_command: [espeak-ng, \"{text}\"]\ncolors: false\n").unwrap();
        assert_eq!(
            s.gaps,
            Gaps {
                prepare: Some(3),
                switch: None,
                rest: Some(60)
            }
        );
        assert_eq!(s.pacer, Some((5, 5)));
        assert!(!s.bell && !s.colors);
        assert_eq!(
            s.cue_command,
            Some(vec!["espeak-ng".into(), "{text}".into()])
        );
        assert_eq!(parse("pacer: off\n").unwrap().pacer, None);
    }

    #[test]
    fn reads_conditions_with_a_suggestion_for_a_typo() {
        use crate::library::Condition;
        let s = parse("conditions: [disc, pregnancy]\n").unwrap();
        assert_eq!(s.conditions, vec![Condition::Disc, Condition::Pregnancy]);
        let e = parse("conditions: [osteoporsis]\n").unwrap_err();
        assert!(
            e[0].starts_with(
                "config.yaml:1:14: field `conditions`: unknown condition `osteoporsis`"
            ),
            "{}",
            e[0]
        );
        assert!(e[0].ends_with("(did you mean `osteoporosis`?)"), "{}", e[0]);
    }

    #[test]
    fn reads_the_coaching() {
        let s = parse(
            "voice: auto\nvoice_detail: full\nvoice_breath: true\nvoice_rate: 200\nvoice_model: en.onnx\nsounds:\n  switch: [paplay, s.oga]\n  done: paplay d.oga\nnotify: true\non_event: [[sh, a.sh], [tally]]\n",
        )
        .unwrap();
        let c = s.coaching;
        assert_eq!(c.voice, VoiceChoice::Auto);
        assert_eq!(c.detail, Detail::Full);
        assert!(c.breath && c.notify);
        assert_eq!(c.rate, Some(200));
        assert_eq!(c.model.as_deref(), Some("en.onnx"));
        assert_eq!(c.sounds.switch, Some(vec!["paplay".into(), "s.oga".into()]));
        assert_eq!(c.sounds.done, Some(vec!["paplay".into(), "d.oga".into()]));
        assert_eq!(c.sounds.phase, None);
        assert_eq!(
            c.on_event,
            vec![vec!["sh".to_string(), "a.sh".into()], vec!["tally".into()]]
        );
        let one = parse("voice: [my-tts, --fast, \"{text}\"]\non_event: [sh, hook.sh]\n").unwrap();
        assert_eq!(
            one.coaching.voice,
            VoiceChoice::Command(vec!["my-tts".into(), "--fast".into(), "{text}".into()])
        );
        assert_eq!(
            one.coaching.on_event,
            vec![vec!["sh".to_string(), "hook.sh".into()]]
        );
        assert_eq!(
            parse("voice: espeak-ng\n").unwrap().coaching.voice,
            VoiceChoice::Program(Speech::EspeakNg)
        );
        assert_eq!(
            parse("voice: off\n").unwrap().coaching.voice,
            VoiceChoice::Off
        );
        assert_eq!(
            parse("voice: false\n").unwrap().coaching.voice,
            VoiceChoice::Off
        );
    }

    #[test]
    fn bad_coaching_keys_are_named() {
        let e = parse("voice_detail: ful\nsounds: {swich: [a]}\nvoice_rate: 5\nvoice: 3\n")
            .unwrap_err();
        assert_eq!(e.len(), 4, "{e:?}");
        assert!(
            e[0].contains("voice_detail") && e[0].contains("did you mean `full`?"),
            "{}",
            e[0]
        );
        assert!(
            e.iter()
                .any(|m| m.contains("sounds.swich") && m.contains("did you mean `switch`?")),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|m| m.contains("voice_rate") && m.contains("80 to 500")),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|m| m.starts_with("config.yaml:4:8: field `voice`")),
            "{e:?}"
        );
    }

    #[test]
    fn prepare_may_be_zero_or_wait_and_a_near_miss_gets_a_suggestion() {
        let s = parse("prepare: wait\n").unwrap();
        assert!(s.prepare_wait);
        assert_eq!(s.gaps.prepare, None);
        for zero in ["prepare: 0\n", "prepare: 0s\n"] {
            let s = parse(zero).unwrap();
            assert_eq!(s.gaps.prepare, Some(0), "{zero}");
            assert!(!s.prepare_wait);
        }
        assert_eq!(parse("prepare: 1m\n").unwrap().gaps.prepare, Some(60));
        let e = parse("prepare: wiat\n").unwrap_err();
        assert_eq!(
            e,
            vec![
                "config.yaml:1:10: field `prepare`: `wiat` is not a get-ready time; expected a time like `10s`, `0` for no get-ready phase, or `wait` to hold each one until you press space (did you mean `wait`?)"
                    .to_string()
            ]
        );
        let e = parse("prepare: 45m\n").unwrap_err();
        assert!(e[0].contains("longer than the 30 minute limit"), "{e:?}");
        let e = parse("prepare: -3\n").unwrap_err();
        assert!(e[0].contains("negative"), "{e:?}");
    }

    #[test]
    fn names_the_bad_key_and_line() {
        let e = parse("prepare: 3s\nbel: false\nrest: soon\n").unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e[0].starts_with("config.yaml:2:1: field `bel`: unknown field"),
            "{}",
            e[0]
        );
        assert!(e[0].ends_with("(did you mean `bell`?)"), "{}", e[0]);
        assert!(
            e[1].starts_with("config.yaml:3:7: field `rest`: cannot read `soon`"),
            "{}",
            e[1]
        );
    }
}
