//! The stretch library: what a stretch is, reading and validating stretch files, and the
//! merged library (built-in, then the user's folders, a later id replacing an earlier one).

use crate::diag::{Diagnostic, Problems, did_you_mean};
use crate::yaml::{Doc, Node, Scope, Value, Vocab, check_text, kind_of};
use serde::Serialize;
use std::hash::BuildHasher;

crate::vocab!(
    /// A body area, from a closed list.
    Area, "area", {
        Neck = "neck",
        Shoulders = "shoulders",
        Chest = "chest",
        UpperBack = "upper-back",
        LowerBack = "lower-back",
        Core = "core",
        HipFlexors = "hip-flexors",
        Glutes = "glutes",
        Hips = "hips",
        Hamstrings = "hamstrings",
        Quadriceps = "quadriceps",
        Calves = "calves",
        Ankles = "ankles",
        Wrists = "wrists",
        FullBody = "full-body",
    }
);

crate::vocab!(
    /// Where the body is during the stretch.
    Position, "position", {
        Floor = "floor",
        Standing = "standing",
        Seated = "seated",
        Kneeling = "kneeling",
        Wall = "wall",
        Bed = "bed",
    }
);

crate::vocab!(
    /// How intense a stretch is.
    Level, "level", {
        Gentle = "gentle",
        Moderate = "moderate",
        Deep = "deep",
    }
);

crate::vocab!(
    /// A joint a stretch puts weight or strain on (for `--avoid`).
    Joint, "joint", {
        Knees = "knees",
        Wrists = "wrists",
        Neck = "neck",
        LowerBack = "lower-back",
        Shoulders = "shoulders",
        Ankles = "ankles",
        Hips = "hips",
    }
);

crate::vocab!(
    /// A health condition a user can name (`--condition`, `conditions:` in config.yaml);
    /// a stretch whose `avoid_with` names it is left out or swapped for its `alternative`.
    Condition, "condition", {
        BackPain = "back-pain",
        Disc = "disc",
        Osteoporosis = "osteoporosis",
        Pregnancy = "pregnancy",
        HipReplacement = "hip-replacement",
        Knee = "knee",
        Wrist = "wrist",
        Shoulder = "shoulder",
        Neck = "neck",
        HighBloodPressure = "high-blood-pressure",
        Glaucoma = "glaucoma",
    }
);

crate::vocab!(
    /// How a stretch treats the two sides of the body.
    Sides, "sides value", {
        Both = "both",
        Each = "each",
        Alternating = "alternating",
    }
);

/// One breath: inhale then exhale, in whole seconds, each half optionally with its own cue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Breath {
    #[serde(rename = "in")]
    pub inhale: u32,
    #[serde(rename = "out")]
    pub exhale: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_cue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_cue: Option<String>,
}

impl Breath {
    pub fn seconds(&self) -> u32 {
        self.inhale.saturating_add(self.exhale)
    }
}

/// How long one rep lasts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pace {
    /// A fixed number of seconds per rep.
    Tempo(u32),
    /// One breath per rep.
    Breath(Breath),
}

impl Pace {
    pub fn seconds(&self) -> u32 {
        match self {
            Pace::Tempo(s) => *s,
            Pace::Breath(b) => b.seconds(),
        }
    }
}

/// The words for each tempo rep (`tempo_cues`): one for the whole rep, or one for each
/// half (out and back, as the figure moves); for a stretch that turns halfway, a second
/// list for the reps after the turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TempoCues {
    pub before: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Vec<String>>,
}

/// The longest a tempo cue may be: it labels the pacer bar.
pub const MAX_TEMPO_CUE: usize = 20;

impl TempoCues {
    /// The word for rep `n` of `reps` (from 1), in its first half or its second.
    pub fn word(&self, n: u32, reps: u32, first_half: bool) -> Option<&str> {
        let words = match &self.after {
            Some(after) if n > reps / 2 => after,
            _ => &self.before,
        };
        let i = usize::from(!first_half && words.len() > 1);
        words.get(i).map(String::as_str)
    }
}

/// How much of a stretch to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Dose {
    /// Hold still for `hold` seconds, `sets` times; `pacer` sets the breathing rhythm.
    Hold {
        hold: u32,
        sets: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        pacer: Option<Breath>,
    },
    /// `reps` repetitions, `sets` times, each rep paced by `pace`.
    Reps { reps: u32, sets: u32, pace: Pace },
}

/// "1 rep", "8 reps".
fn reps_word(n: u32) -> String {
    format!("{n} {}", if n == 1 { "rep" } else { "reps" })
}

impl Dose {
    pub fn sets(&self) -> u32 {
        match self {
            Dose::Hold { sets, .. } | Dose::Reps { sets, .. } => *sets,
        }
    }

    pub fn is_hold(&self) -> bool {
        matches!(self, Dose::Hold { .. })
    }

    /// "hold 30s × 2", "10 reps of 4s", "8 reps, one per breath (3s in, 3s out)".
    pub fn describe(&self) -> String {
        let sets = |n: u32| {
            if n > 1 {
                format!(" × {n}")
            } else {
                String::new()
            }
        };
        match self {
            Dose::Hold { hold, sets: n, .. } => format!("hold {}{}", short(*hold), sets(*n)),
            Dose::Reps {
                reps,
                sets: n,
                pace: Pace::Tempo(t),
            } => format!("{} of {t}s{}", reps_word(*reps), sets(*n)),
            Dose::Reps {
                reps,
                sets: n,
                pace: Pace::Breath(b),
            } => format!(
                "{}, one per breath ({}s in, {}s out){}",
                reps_word(*reps),
                b.inhale,
                b.exhale,
                sets(*n)
            ),
        }
    }
}

/// `30s` under a minute; from a minute on, the one format times have everywhere on
/// screen: `1:00`, `1:06`.
pub fn short(secs: u32) -> String {
    if secs < 60 {
        format!("{secs}s")
    } else {
        clock(secs)
    }
}

/// A length in whole seconds, for [`clock`] and the spoken words (at most `u32::MAX`).
pub fn whole_seconds(d: std::time::Duration) -> u32 {
    u32::try_from(d.as_secs()).unwrap_or(u32::MAX)
}

/// `m:ss` for a number of seconds, or `h:mm:ss` past an hour.
pub fn clock(secs: u32) -> String {
    if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    } else {
        format!("{}:{:02}", secs / 60, secs % 60)
    }
}

/// Where a stretch (or routine) was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The file, as shown to the user; shared by everything read from it.
    pub file: std::sync::Arc<str>,
    pub line: usize,
    pub builtin: bool,
}

/// One stretch from the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stretch {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The first one is the primary area.
    pub areas: Vec<Area>,
    pub position: Position,
    pub equipment: Vec<String>,
    pub level: Level,
    pub loads: Vec<Joint>,
    pub sides: Sides,
    pub dose: Dose,
    pub setup: Vec<String>,
    pub cues: Vec<String>,
    pub cautions: Vec<String>,
    /// For breath-paced reps: each rep starts on the out-breath (`breath: {first: out}`),
    /// for moves whose effort comes as you breathe out (a bridge lifts, then lowers).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exhale_first: bool,
    /// The most the builder may give of this stretch, where the usual ranges do not fit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_hold: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_reps: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_sets: Option<u32>,
    /// The reps change direction halfway (circles, swings), so their count is even.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub turns_halfway: bool,
    /// Conditions that rule the stretch out.
    pub avoid_with: Vec<Condition>,
    /// The stretch to do instead when a condition rules this one out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternative: Option<String>,
    /// Where `alternative` was written, for a problem with it.
    #[serde(skip)]
    pub alternative_at: Option<crate::diag::Pos>,
    /// The words the pacer shows for each tempo rep, where the stretch names them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tempo_cues: Option<Box<TempoCues>>,
    /// The stick figure that shows the pose, if the stretch has one.
    #[serde(skip)]
    pub figure: Option<Box<crate::figure::Figure>>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Stretch {
    pub fn primary_area(&self) -> Area {
        self.areas[0]
    }

    /// Reps-based stretches are the moving ones: warm-ups that go first in a routine.
    pub fn is_dynamic(&self) -> bool {
        !self.dose.is_hold()
    }
}

/// The fields a stretch may have.
pub const STRETCH_FIELDS: &[&str] = &[
    "id",
    "name",
    "summary",
    "areas",
    "position",
    "equipment",
    "level",
    "loads",
    "sides",
    "hold",
    "sets",
    "reps",
    "tempo",
    "breath",
    "setup",
    "cues",
    "cautions",
    "avoid_with",
    "alternative",
    "max_hold",
    "max_reps",
    "max_sets",
    "turns_halfway",
    "tempo_cues",
    "figure",
];

const BREATH_FIELDS: &[&str] = &["first", "in", "out", "in_cue", "out_cue"];

crate::vocab!(
    /// Which half of the breath a breath-paced rep starts with.
    BreathFirst, "breath half", {
        In = "in",
        Out = "out",
    }
);

/// The most reps a stretch may ask for.
pub const MAX_REPS: u32 = 200;
/// The most sets a stretch may ask for.
pub const MAX_SETS: u32 = 10;

/// True for lowercase words joined by single hyphens: `knee-to-chest`.
pub fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// A suggested kebab-case spelling of `s`.
pub fn to_kebab(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// One YAML text to read, with the name to show for it.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
    pub builtin: bool,
}

/// The built-in stretch files, compiled into the binary.
pub const BUILTIN_STRETCHES: &[(&str, &str)] = &[
    (
        "neck-shoulders.yaml",
        include_str!("../stretches/neck-shoulders.yaml"),
    ),
    (
        "upper-back-chest.yaml",
        include_str!("../stretches/upper-back-chest.yaml"),
    ),
    (
        "lower-back.yaml",
        include_str!("../stretches/lower-back.yaml"),
    ),
    (
        "hips-glutes.yaml",
        include_str!("../stretches/hips-glutes.yaml"),
    ),
    ("legs.yaml", include_str!("../stretches/legs.yaml")),
    ("wrists.yaml", include_str!("../stretches/wrists.yaml")),
    (
        "core-full-body.yaml",
        include_str!("../stretches/core-full-body.yaml"),
    ),
];

/// The built-in stretch files as sources.
pub fn builtin_sources() -> Vec<Source> {
    BUILTIN_STRETCHES
        .iter()
        .map(|(name, text)| Source {
            name: format!("<built-in>/stretches/{name}"),
            text: (*text).to_string(),
            builtin: true,
        })
        .collect()
}

/// Reads one stretch file: every stretch in it, or every problem found.
pub fn parse_stretch_file(source: &Source) -> Result<Vec<Stretch>, Vec<Diagnostic>> {
    let read = read_stretch_file(source);
    if read.problems.is_empty() {
        Ok(read.stretches)
    } else {
        Err(read.problems)
    }
}

/// One stretch file read once: the stretches that read well (from a file with problems
/// too, so that a routine is not blamed for a stretch whose file has an unrelated mistake),
/// and every problem found.
#[derive(Debug, Default)]
pub struct StretchFile {
    pub stretches: Vec<Stretch>,
    pub problems: Vec<Diagnostic>,
}

/// Reads one stretch file into what read well and what did not.
pub fn read_stretch_file(source: &Source) -> StretchFile {
    let problem = |d: Diagnostic| StretchFile {
        stretches: Vec::new(),
        problems: vec![d],
    };
    let (mut doc, value) = match Doc::parse(&source.name, &source.text) {
        Ok(parsed) => parsed,
        Err(d) => return problem(d),
    };
    let items = match &value.value {
        Value::Seq(items) => items,
        Value::Null => {
            return problem(Diagnostic::new(
                &source.name,
                "the file is empty; expected a list of stretches (`- id: ...`)",
            ));
        }
        other => {
            return problem(
                Diagnostic::new(
                    &source.name,
                    format!(
                        "expected a list of stretches (`- id: ...`), found {}",
                        kind_of(other)
                    ),
                )
                .at(Some(value.pos())),
            );
        }
    };
    let file: std::sync::Arc<str> = source.name.as_str().into();
    let mut stretches: Vec<Stretch> = Vec::new();
    let mut seen = IdIndex::default();
    for (i, item) in items.iter().enumerate() {
        let before = doc.reported();
        let Some(stretch) = read_stretch(&mut doc, &file, source.builtin, i, item) else {
            continue;
        };
        if doc.reported() > before {
            continue;
        }
        if let Some(first) = seen.find(&stretches, &stretch.id) {
            let line = stretches[first].origin.line;
            let at = item
                .as_map()
                .and_then(|m| m.get("id"))
                .map_or(item.pos(), Node::pos);
            doc.report(
                at,
                Some(&format!("stretch `{}`", stretch.id)),
                Some("id"),
                format!(
                    "duplicate id; `{}` is already defined at line {line}",
                    stretch.id
                ),
                Some("give each stretch its own id".into()),
            );
            continue;
        }
        seen.insert(&stretches, &stretch.id, stretches.len());
        stretches.push(stretch);
    }
    let mut problems = doc.into_problems();
    crate::diag::attach_lines(&mut problems, &source.text);
    StretchFile {
        stretches,
        problems,
    }
}

#[allow(clippy::too_many_lines)]
fn read_stretch(
    doc: &mut Doc,
    file: &std::sync::Arc<str>,
    builtin: bool,
    i: usize,
    item: &Node<'_>,
) -> Option<Stretch> {
    let Some(map) = item.as_map() else {
        doc.report(
            item.pos(),
            Some(&format!("stretch #{}", i + 1)),
            None,
            format!(
                "expected a stretch (a mapping with `id`, `name`, ...), found {}",
                kind_of(&item.value)
            ),
            None,
        );
        return None;
    };
    let raw_id = map.get("id").and_then(Node::as_str);
    let context = match &raw_id {
        Some(id) if check_text(id).is_ok() => format!("stretch `{id}`"),
        _ => format!("stretch #{}", i + 1),
    };
    let scope = Scope::new(item, map, Some(context));
    let before = doc.reported();
    doc.check_keys(&scope, STRETCH_FIELDS);

    let id = doc.text(&scope, "id", true);
    if let Some(id) = id.as_ref().filter(|id| !is_kebab(id)) {
        {
            let suggestion = to_kebab(id);
            doc.field_problem(
                &scope,
                "id",
                None,
                format!("`{id}` is not kebab-case (lowercase words joined by hyphens)"),
                (!suggestion.is_empty()).then(|| format!("try `{suggestion}`")),
            );
        }
    }
    let name = doc.text(&scope, "name", true);
    let summary = doc.text(&scope, "summary", false);
    let areas = doc.word_list::<Area>(&scope, "areas");
    if areas.is_empty() && !map.contains_key("areas") {
        doc.missing(
            &scope,
            "areas",
            "a list of body areas, the primary one first",
        );
    } else if areas.is_empty()
        && map
            .get("areas")
            .and_then(Node::as_seq)
            .is_some_and(<[_]>::is_empty)
    {
        doc.field_problem(
            &scope,
            "areas",
            None,
            "empty list; name at least one body area, the primary one first",
            Some(format!("areas are: {}", Area::names().join(", "))),
        );
    }
    let position = doc.word::<Position>(&scope, "position", true);
    let equipment = doc.text_list(&scope, "equipment");
    let level = doc.word::<Level>(&scope, "level", true);
    let loads = doc.word_list::<Joint>(&scope, "loads");
    let sides = doc
        .word::<Sides>(&scope, "sides", false)
        .unwrap_or(Sides::Both);
    let setup = doc.text_list(&scope, "setup");
    let cues = doc.text_list(&scope, "cues");
    let cautions = doc.text_list(&scope, "cautions");
    let avoid_with = doc.word_list::<Condition>(&scope, "avoid_with");
    let alternative = doc.text(&scope, "alternative", false);
    let alternative_at = map.get("alternative").map(Node::pos);
    if let Some(alt) = alternative.as_ref().filter(|a| !is_kebab(a)) {
        let suggestion = to_kebab(alt);
        doc.field_problem(
            &scope,
            "alternative",
            None,
            format!("`{alt}` is not a stretch id (lowercase words joined by hyphens)"),
            (!suggestion.is_empty()).then(|| format!("try `{suggestion}`")),
        );
    }
    if alternative.is_some() && alternative == id {
        doc.field_problem(
            &scope,
            "alternative",
            None,
            "a stretch cannot be its own alternative",
            Some("name another stretch to do instead, or leave `alternative` out".into()),
        );
    }
    let dose = read_dose(doc, &scope, sides);
    let max_hold = doc.duration(&scope, "max_hold");
    let max_reps = doc.count(&scope, "max_reps", 1, MAX_REPS);
    let max_sets = doc.count(&scope, "max_sets", 1, MAX_SETS);
    let turns_flag = doc.flag(&scope, "turns_halfway");
    let turns_halfway = turns_flag.unwrap_or(false);
    // Whether it turns halfway, as far as is known: `None` when the flag is there but did
    // not read (its own problem is told; no other is made of it).
    let turns_known = turns_flag.or((!map.contains_key("turns_halfway")).then_some(false));
    if let Some(d) = &dose {
        let reps = match d {
            Dose::Reps { reps, .. } => Some(*reps),
            Dose::Hold { .. } => None,
        };
        if turns_halfway && reps.is_some_and(|r| r % 2 == 1) {
            doc.field_problem(
                &scope,
                "reps",
                None,
                "an odd count cannot change direction halfway (`turns_halfway: true`)",
                Some("use an even number of reps".into()),
            );
        }
    }
    let exhale_first = doc
        .sub(&scope, "breath")
        .and_then(|b| doc.word::<BreathFirst>(&b, "first", false))
        == Some(BreathFirst::Out);
    if exhale_first && dose.as_ref().is_some_and(Dose::is_hold) {
        doc.field_problem(
            &scope,
            "breath",
            None,
            "`first` says which half of the breath a rep starts with; a hold has no reps",
            Some("leave `first` out of a hold's `breath`".into()),
        );
    }
    let tempo_cues = read_tempo_cues(doc, &scope, dose.as_ref(), turns_known);
    let figure = crate::figure::read(doc, &scope);

    if doc.reported() > before {
        return None;
    }
    let line = item.pos().line;
    Some(Stretch {
        id: id?,
        name: name?,
        summary,
        areas,
        position: position?,
        equipment,
        level: level?,
        loads,
        sides,
        dose: dose?,
        setup,
        cues,
        cautions,
        exhale_first,
        max_hold,
        max_reps,
        max_sets,
        turns_halfway,
        avoid_with,
        alternative,
        alternative_at,
        tempo_cues: tempo_cues.map(Box::new),
        figure: figure.map(Box::new),
        origin: Origin {
            file: file.clone(),
            line,
            builtin,
        },
    })
}

/// Reads `tempo_cues: [forward, back]` (one word for the whole rep, or one for each half),
/// or for a stretch that turns halfway `[[forward, back], [across, out]]` (before and after
/// the turn). Only tempo-paced reps have them.
fn read_tempo_cues(
    doc: &mut Doc,
    scope: &Scope<'_>,
    dose: Option<&Dose>,
    turns_halfway: Option<bool>,
) -> Option<TempoCues> {
    const KEY: &str = "tempo_cues";
    const FORM: &str = "write `tempo_cues: [forward, back]` (the two halves of a rep) or `tempo_cues: [forward]` (the whole rep)";
    let v = scope.map.get(KEY)?;
    match dose {
        Some(Dose::Reps {
            pace: Pace::Tempo(_),
            ..
        }) => {}
        Some(Dose::Reps {
            pace: Pace::Breath(_),
            ..
        }) => {
            doc.field_problem(
                scope,
                KEY,
                Some(v.pos()),
                "`tempo_cues` name the halves of a tempo rep; these reps are paced by the breath",
                Some("give the breath its words instead: `breath: {in: 3s, out: 3s, in_cue: ..., out_cue: ...}`".into()),
            );
            return None;
        }
        Some(Dose::Hold { .. }) => {
            doc.field_problem(
                scope,
                KEY,
                Some(v.pos()),
                "`tempo_cues` name the halves of a tempo rep; a hold has no reps",
                Some("leave `tempo_cues` out, or give `reps` and `tempo`".into()),
            );
            return None;
        }
        // The dose has problems of its own, told already.
        None => return None,
    }
    let Some(items) = v.as_seq() else {
        doc.field_problem(
            scope,
            KEY,
            Some(v.pos()),
            format!("expected a list of words, found {}", kind_of(&v.value)),
            Some(FORM.into()),
        );
        return None;
    };
    let nested = items.iter().any(|i| i.as_seq().is_some());
    if !nested {
        return words_of(doc, scope, v, items).map(|before| TempoCues {
            before,
            after: None,
        });
    }
    if turns_halfway == Some(false) {
        doc.field_problem(
            scope,
            KEY,
            Some(v.pos()),
            "two lists of words are for the reps before and after a halfway turn, and this stretch does not turn halfway",
            Some("give one list, like `[forward, back]`, or add `turns_halfway: true`".into()),
        );
        return None;
    }
    let lists: Vec<Option<Vec<String>>> = items
        .iter()
        .map(|item| {
            if let Some(words) = item.as_seq() {
                return words_of(doc, scope, item, words);
            }
            doc.field_problem(
                scope,
                KEY,
                Some(item.pos()),
                format!("expected a list of words, found {}", kind_of(&item.value)),
                Some("write both halves as lists: `[[forward, back], [across, out]]`".into()),
            );
            None
        })
        .collect();
    if lists.len() != 2 {
        doc.field_problem(
            scope,
            KEY,
            Some(v.pos()),
            format!(
                "expected two lists (before and after the halfway turn), found {}",
                lists.len()
            ),
            Some("write `[[forward, back], [across, out]]`".into()),
        );
        return None;
    }
    let mut lists = lists.into_iter();
    let before = lists.next().flatten()?;
    let after = lists.next().flatten()?;
    Some(TempoCues {
        before,
        after: Some(after),
    })
}

/// One or two short words of text from `items` (the list at `list`), each problem told.
fn words_of(
    doc: &mut Doc,
    scope: &Scope<'_>,
    list: &Node<'_>,
    items: &[Node<'_>],
) -> Option<Vec<String>> {
    const KEY: &str = "tempo_cues";
    if items.is_empty() || items.len() > 2 {
        doc.field_problem(
            scope,
            KEY,
            Some(list.pos()),
            format!(
                "expected one word for the whole rep or two for its halves, found {}",
                items.len()
            ),
            Some("write `[forward, back]` or `[forward]`".into()),
        );
        return None;
    }
    let mut words = Vec::new();
    for item in items {
        let word = match item.as_str().map(check_text) {
            Some(Ok(w)) if w.is_empty() => Err("empty text".to_string()),
            Some(Ok(w)) if w.chars().count() > MAX_TEMPO_CUE => Err(format!(
                "`{w}` is too long to label the pacer (at most {MAX_TEMPO_CUE} characters)"
            )),
            Some(Ok(w)) => Ok(w),
            Some(Err(e)) => Err(e),
            None => Err(format!("expected a word, found {}", kind_of(&item.value))),
        };
        match word {
            Ok(w) => words.push(w),
            Err(message) => doc.field_problem(
                scope,
                KEY,
                Some(item.pos()),
                message,
                Some("a word or two for each half of the rep, like `forward`".into()),
            ),
        }
    }
    (words.len() == items.len()).then_some(words)
}

/// Reads `breath: {in, out, in_cue, out_cue}`.
pub fn read_breath(doc: &mut Doc, scope: &Scope<'_>) -> Option<Breath> {
    let b = doc.sub(scope, "breath")?;
    doc.check_keys(&b, BREATH_FIELDS);
    let inhale = doc.duration(&b, "in");
    let exhale = doc.duration(&b, "out");
    if !b.map.contains_key("in") {
        doc.missing(&b, "in", "the inhale's length, like `3s`");
    }
    if !b.map.contains_key("out") {
        doc.missing(&b, "out", "the exhale's length, like `3s`");
    }
    let in_cue = doc.text(&b, "in_cue", false);
    let out_cue = doc.text(&b, "out_cue", false);
    Some(Breath {
        inhale: inhale?,
        exhale: exhale?,
        in_cue,
        out_cue,
    })
}

fn read_dose(doc: &mut Doc, scope: &Scope<'_>, sides: Sides) -> Option<Dose> {
    let map = scope.map;
    let has = |k: &str| map.contains_key(k);
    let sets = doc.count(scope, "sets", 1, MAX_SETS).unwrap_or(1);
    let breath = if has("breath") {
        read_breath(doc, scope)
    } else {
        None
    };
    match (has("hold"), has("reps")) {
        (true, true) => {
            doc.field_problem(
                scope,
                "reps",
                None,
                "a stretch has either `hold` or `reps`, not both",
                Some("keep `hold: 30s` for a still stretch, or `reps` with `tempo` or `breath` for a moving one".into()),
            );
            None
        }
        (false, false) => {
            doc.missing(
                scope,
                "hold",
                "a dose: `hold: 30s` (with optional `sets`), or `reps: 10` with `tempo: 4s` or `breath: {in: 3s, out: 3s}`",
            );
            None
        }
        (true, false) => {
            let hold = doc.duration(scope, "hold");
            if has("tempo") {
                doc.field_problem(
                    scope,
                    "tempo",
                    None,
                    "`tempo` is the time per rep and only goes with `reps`",
                    Some("remove it, or use `reps` instead of `hold`".into()),
                );
            }
            if sides == Sides::Alternating {
                doc.field_problem(
                    scope,
                    "sides",
                    None,
                    "`alternating` switches sides rep by rep, so it needs `reps`, not `hold`",
                    Some("use `sides: each` to hold one side, then the other".into()),
                );
                return None;
            }
            if breath
                .as_ref()
                .is_some_and(|b| b.in_cue.is_some() || b.out_cue.is_some())
            {
                doc.field_problem(
                    scope,
                    "breath",
                    None,
                    "`in_cue` and `out_cue` name the halves of a rep; a hold's `breath` only sets the pacer's rhythm",
                    Some("put the words in `cues` instead".into()),
                );
                return None;
            }
            Some(Dose::Hold {
                hold: hold?,
                sets,
                pacer: breath,
            })
        }
        (false, true) => {
            let reps = doc.count(scope, "reps", 1, MAX_REPS);
            let tempo = doc.duration(scope, "tempo");
            let pace = match (has("tempo"), has("breath")) {
                (true, true) => {
                    doc.field_problem(
                        scope,
                        "tempo",
                        None,
                        "reps are paced by `tempo` or by `breath`, not both",
                        Some("keep one of them".into()),
                    );
                    return None;
                }
                (false, false) => {
                    doc.missing(
                        scope,
                        "tempo",
                        "the time per rep (`tempo: 4s`) or one breath per rep (`breath: {in: 3s, out: 3s}`)",
                    );
                    return None;
                }
                (true, false) => Pace::Tempo(tempo?),
                (false, true) => Pace::Breath(breath?),
            };
            let dose = Dose::Reps {
                reps: reps?,
                sets,
                pace,
            };
            if let Some(message) = too_long(&dose, sides) {
                doc.field_problem(
                    scope,
                    "reps",
                    None,
                    message,
                    Some("use fewer reps, or spread them over `sets`".into()),
                );
                return None;
            }
            Some(dose)
        }
    }
}

/// Parses every source, in order; big libraries are split over the machine's cores (the
/// YAML parser is most of the cost of loading, and files are independent).
fn parse_all(sources: &[Source]) -> Vec<Result<Vec<Stretch>, Vec<Diagnostic>>> {
    const PARALLEL_FROM_BYTES: usize = 256 * 1024;
    let bytes: usize = sources.iter().map(|s| s.text.len()).sum();
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if bytes < PARALLEL_FROM_BYTES || threads < 2 || sources.len() < 2 {
        return sources.iter().map(parse_stretch_file).collect();
    }
    let chunk = sources.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = sources
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || part.iter().map(parse_stretch_file).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// The length of one work phase of a dose with these sides (at most `u32::MAX`, never
/// wrapped around).
pub fn work_seconds(dose: &Dose, sides: Sides) -> u32 {
    match dose {
        Dose::Hold { hold, .. } => *hold,
        Dose::Reps { reps, pace, .. } => {
            let one_side = reps.saturating_mul(pace.seconds());
            if sides == Sides::Alternating {
                one_side.saturating_mul(2)
            } else {
                one_side
            }
        }
    }
}

/// Why one work phase of this dose would be absurdly long (over 30 minutes), if it would.
pub fn too_long(dose: &Dose, sides: Sides) -> Option<String> {
    let work = work_seconds(dose, sides);
    (work > crate::yaml::MAX_SECONDS).then(|| {
        format!(
            "one round of these reps lasts {}, longer than the 30 minute limit",
            clock(work)
        )
    })
}

/// A stretch that a later source replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub id: String,
    pub old: Origin,
}

/// All the stretches known, by id, in the order they were read.
#[derive(Debug, Clone, Default)]
pub struct Library {
    stretches: Vec<Stretch>,
    index: IdIndex,
    replaced: Vec<Replaced>,
}

/// Where each stretch of a list stands, by id, without a second copy of the ids.
#[derive(Debug, Clone, Default)]
struct IdIndex {
    table: hashbrown::HashTable<usize>,
    hasher: hashbrown::DefaultHashBuilder,
}

impl IdIndex {
    /// Where the stretch with this id stands in `stretches`, the list the index is of.
    fn find(&self, stretches: &[Stretch], id: &str) -> Option<usize> {
        let hash = self.hasher.hash_one(id);
        self.table.find(hash, |&i| stretches[i].id == id).copied()
    }

    /// Notes that the stretch with this id, not yet in the index, stands at `at`.
    fn insert(&mut self, stretches: &[Stretch], id: &str, at: usize) {
        let hash = self.hasher.hash_one(id);
        let hasher = &self.hasher;
        self.table
            .insert_unique(hash, at, |&i| hasher.hash_one(stretches[i].id.as_str()));
    }
}

impl Library {
    /// Reads every source in order; a later stretch with the same id replaces an earlier one.
    /// Every problem of every file is collected.
    pub fn from_sources(sources: &[Source]) -> Result<Self, Problems> {
        let mut lib = Library::default();
        let mut problems = Vec::new();
        for parsed in parse_all(sources) {
            match parsed {
                Ok(stretches) => {
                    for s in stretches {
                        lib.insert(s);
                    }
                }
                Err(mut p) => problems.append(&mut p),
            }
        }
        problems.extend(lib.unknown_alternatives(lib.stretches().iter(), sources));
        if problems.is_empty() {
            Ok(lib)
        } else {
            Err(Problems(problems))
        }
    }

    /// A problem for each of `stretches` whose `alternative` names no stretch of this
    /// library (`sources` give the lines to show under them).
    pub fn unknown_alternatives<'a>(
        &self,
        stretches: impl Iterator<Item = &'a Stretch>,
        sources: &[Source],
    ) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for s in stretches {
            let Some(alt) = &s.alternative else { continue };
            if self.get(alt).is_some() {
                continue;
            }
            let mut d = Diagnostic::new(&*s.origin.file, format!("unknown alternative `{alt}`"))
                .at(s.alternative_at)
                .context(Some(format!("stretch `{}`", s.id)))
                .field("alternative")
                .hint(
                    did_you_mean(alt, self.stretches.iter().map(|s| s.id.as_str()))
                        .or_else(|| Some("`supple list` shows every stretch".to_string())),
                );
            if let Some(source) = sources.iter().find(|x| *x.name == *s.origin.file) {
                crate::diag::attach_lines(std::slice::from_mut(&mut d), &source.text);
            }
            problems.push(d);
        }
        problems
    }

    /// Forgets every `alternative` that names no stretch here, with a problem for each (a
    /// user file's mistake, reported as a warning; the stretch stays, with no alternative).
    pub fn drop_unknown_alternatives(&mut self, sources: &[Source]) -> Vec<Diagnostic> {
        let problems = self.unknown_alternatives(self.stretches.iter(), sources);
        let known: std::collections::HashSet<String> =
            self.stretches.iter().map(|s| s.id.clone()).collect();
        for s in &mut self.stretches {
            if s.alternative.as_ref().is_some_and(|a| !known.contains(a)) {
                s.alternative = None;
            }
        }
        problems
    }

    /// The built-in library alone.
    pub fn builtin() -> Result<Self, Problems> {
        Self::from_sources(&builtin_sources())
    }

    /// Makes room for `n` more stretches.
    pub fn reserve(&mut self, n: usize) {
        self.stretches.reserve_exact(n);
        let hasher = &self.index.hasher;
        let stretches = &self.stretches;
        self.index
            .table
            .reserve(n, |&i| hasher.hash_one(stretches[i].id.as_str()));
    }

    pub fn insert(&mut self, stretch: Stretch) {
        if let Some(i) = self.index.find(&self.stretches, &stretch.id) {
            let old = std::mem::replace(&mut self.stretches[i], stretch);
            self.replaced.push(Replaced {
                id: old.id,
                old: old.origin,
            });
        } else {
            self.index
                .insert(&self.stretches, &stretch.id, self.stretches.len());
            self.stretches.push(stretch);
        }
    }

    pub fn get(&self, id: &str) -> Option<&Stretch> {
        self.index
            .find(&self.stretches, id)
            .map(|i| &self.stretches[i])
    }

    /// The stretch, or a message with a suggestion: the ids that start with the word,
    /// then those that contain it (`knee`: `knee-to-chest`, `knee-rolls`, …), else the
    /// closest id.
    pub fn lookup(&self, id: &str) -> Result<&Stretch, (String, Option<String>)> {
        self.get(id).ok_or_else(|| {
            let word = id.trim().to_lowercase();
            let ids = || self.stretches.iter().map(|s| s.id.as_str());
            let mut near: Vec<&str> = Vec::new();
            if word.chars().count() >= 2 {
                near.extend(ids().filter(|i| i.starts_with(&word)));
                near.extend(ids().filter(|i| !i.starts_with(&word) && i.contains(&word)));
            }
            let hint = match near.as_slice() {
                [] => did_you_mean(id, ids())
                    .unwrap_or_else(|| "`supple list` shows every stretch".to_string()),
                [one] => format!("did you mean `{one}`?"),
                many => {
                    const SHOWN: usize = 6;
                    let named: Vec<String> =
                        many.iter().take(SHOWN).map(|i| format!("`{i}`")).collect();
                    let more = many.len().saturating_sub(SHOWN);
                    let (last, rest) = named.split_last().unwrap_or((&named[0], &[]));
                    if more > 0 {
                        format!(
                            "did you mean {}, {last} or {more} more? (`supple list` shows them all)",
                            rest.join(", ")
                        )
                    } else {
                        format!("did you mean {} or {last}?", rest.join(", "))
                    }
                }
            };
            (format!("unknown stretch `{id}`"), Some(hint))
        })
    }

    pub fn stretches(&self) -> &[Stretch] {
        &self.stretches
    }

    pub fn len(&self) -> usize {
        self.stretches.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stretches.is_empty()
    }

    /// What the stretch with this id replaced, if a later file redefined it.
    pub fn replaced(&self, id: &str) -> Vec<&Origin> {
        self.replaced
            .iter()
            .filter(|r| r.id == id)
            .map(|r| &r.old)
            .collect()
    }

    /// How many stretches work each area (primary or not), in vocabulary order.
    pub fn area_counts(&self) -> Vec<(Area, usize, usize)> {
        Area::ALL
            .iter()
            .map(|&a| {
                let primary = self.stretches.iter().filter(|s| s.areas[0] == a).count();
                let any = self
                    .stretches
                    .iter()
                    .filter(|s| s.areas.contains(&a))
                    .count();
                (a, primary, any)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source {
            name: "test.yaml".into(),
            text: text.into(),
            builtin: false,
        }
    }

    fn errors(text: &str) -> Vec<String> {
        parse_stretch_file(&source(text))
            .expect_err("expected problems")
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    const GOOD: &str = "\
- id: knee-to-chest
  name: Knee-to-Chest
  areas: [lower-back, glutes]
  position: floor
  level: gentle
  sides: each
  hold: 30s
  sets: 2
- id: cat-cow
  name: Cat-Cow
  areas: [lower-back]
  position: floor
  level: gentle
  loads: [knees, wrists]
  reps: 8
  breath: {in: 3s, out: 3s, in_cue: Cow, out_cue: Cat}
";

    #[test]
    fn reads_holds_and_breath_paced_reps() {
        let s = parse_stretch_file(&source(GOOD)).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].sides, Sides::Each);
        assert_eq!(
            s[0].dose,
            Dose::Hold {
                hold: 30,
                sets: 2,
                pacer: None
            }
        );
        assert_eq!(s[0].origin.line, 1);
        assert_eq!(s[1].origin.line, 9);
        match &s[1].dose {
            Dose::Reps {
                reps: 8,
                sets: 1,
                pace: Pace::Breath(b),
            } => {
                assert_eq!((b.inhale, b.exhale), (3, 3));
                assert_eq!(b.in_cue.as_deref(), Some("Cow"));
            }
            other => panic!("unexpected dose {other:?}"),
        }
        assert_eq!(s[1].loads, vec![Joint::Knees, Joint::Wrists]);
    }

    #[test]
    fn collects_every_problem_with_its_line() {
        let text = GOOD
            .replace("areas: [lower-back, glutes]", "areas: [lower-back, glute]")
            .replace("reps: 8", "reps: 0");
        let e = errors(&text);
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(
            e[0],
            "test.yaml:3:23: stretch `knee-to-chest`, field `areas`: unknown area `glute`; expected one of: neck, shoulders, chest, upper-back, lower-back, core, hip-flexors, glutes, hips, hamstrings, quadriceps, calves, ankles, wrists, full-body (did you mean `glutes`?)"
        );
        assert!(
            e[1].starts_with("test.yaml:15:9: stretch `cat-cow`, field `reps`: 0 is out of range"),
            "{}",
            e[1]
        );
    }

    #[test]
    fn rejects_a_work_phase_over_thirty_minutes_and_negative_durations() {
        let text = GOOD
            .replace("reps: 8", "reps: 200")
            .replace("{in: 3s, out: 3s", "{in: 10s, out: 10s")
            .replace("hold: 30s", "hold: -5");
        let e = errors(&text);
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e[0].contains("field `hold`: `-5` is negative"), "{}", e[0]);
        assert!(
            e[1].contains("field `reps`: one round of these reps lasts 1:06:40"),
            "{}",
            e[1]
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = GOOD.replace("areas: [lower-back]", "areas: [cöre, hïps]");
        let e = errors(&text);
        assert!(e[0].starts_with("test.yaml:11:11:"), "{}", e[0]);
        assert!(e[1].starts_with("test.yaml:11:17:"), "{}", e[1]);
    }

    #[test]
    fn rejects_duplicate_ids_in_one_file() {
        let text = GOOD.replace("id: cat-cow", "id: knee-to-chest");
        let e = errors(&text);
        assert_eq!(e.len(), 1);
        assert!(e[0].contains("test.yaml:9:7:"), "{}", e[0]);
        assert!(e[0].contains("duplicate id"), "{}", e[0]);
        assert!(e[0].contains("line 1"), "{}", e[0]);
    }

    #[test]
    fn tempo_cues_read_and_are_checked_like_every_field() {
        const SWING: &str = "\
- id: swing
  name: Swing
  areas: [hips]
  position: standing
  level: gentle
  sides: each
  reps: 10
  tempo: 2s
  turns_halfway: true
  tempo_cues: [forward, back]
";
        let s = parse_stretch_file(&source(SWING)).unwrap();
        assert_eq!(
            s[0].tempo_cues,
            Some(Box::new(TempoCues {
                before: vec!["forward".into(), "back".into()],
                after: None
            }))
        );
        let turn = SWING.replace("[forward, back]", "[[forward, back], [across, out]]");
        let s = parse_stretch_file(&source(&turn)).unwrap();
        let cues = s[0].tempo_cues.as_ref().unwrap();
        assert_eq!(cues.word(5, 10, false), Some("back"));
        assert_eq!(cues.word(6, 10, true), Some("across"));
        for (text, expected) in [
            (
                SWING.replace("[forward, back]", "[forward, back, again]"),
                "test.yaml:10:15: stretch `swing`, field `tempo_cues`: expected one word for the whole rep or two for its halves, found 3 (write `[forward, back]` or `[forward]`)",
            ),
            (
                SWING.replace("[forward, back]", "forward"),
                "test.yaml:10:15: stretch `swing`, field `tempo_cues`: expected a list of words, found text (write `tempo_cues: [forward, back]` (the two halves of a rep) or `tempo_cues: [forward]` (the whole rep))",
            ),
            (
                SWING.replace("[forward, back]", "[forward, 3]"),
                "test.yaml:10:25: stretch `swing`, field `tempo_cues`: expected a word, found a number (a word or two for each half of the rep, like `forward`)",
            ),
            (
                SWING.replace("[forward, back]", "[swing the leg forward and up, back]"),
                "test.yaml:10:16: stretch `swing`, field `tempo_cues`: `swing the leg forward and up` is too long to label the pacer (at most 20 characters) (a word or two for each half of the rep, like `forward`)",
            ),
            (
                turn.replace("  turns_halfway: true\n", ""),
                "test.yaml:9:15: stretch `swing`, field `tempo_cues`: two lists of words are for the reps before and after a halfway turn, and this stretch does not turn halfway (give one list, like `[forward, back]`, or add `turns_halfway: true`)",
            ),
            (
                SWING.replace("  tempo: 2s\n", "  breath: {in: 2s, out: 2s}\n"),
                "test.yaml:10:15: stretch `swing`, field `tempo_cues`: `tempo_cues` name the halves of a tempo rep; these reps are paced by the breath (give the breath its words instead: `breath: {in: 3s, out: 3s, in_cue: ..., out_cue: ...}`)",
            ),
            (
                SWING
                    .replace("  reps: 10\n  tempo: 2s\n", "  hold: 30s\n")
                    .replace("  turns_halfway: true\n", ""),
                "test.yaml:8:15: stretch `swing`, field `tempo_cues`: `tempo_cues` name the halves of a tempo rep; a hold has no reps (leave `tempo_cues` out, or give `reps` and `tempo`)",
            ),
        ] {
            let e = errors(&text);
            assert_eq!(e, vec![expected.to_string()], "{text}");
        }
    }

    #[test]
    fn conditions_and_alternatives_are_checked_like_every_field() {
        let text = GOOD.replace(
            "  sets: 2\n",
            "  sets: 2\n  avoid_with: [osteoporsis, disc]\n  alternative: cat-cwo\n",
        );
        let e = errors(&text);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].starts_with("test.yaml:9:16: stretch `knee-to-chest`, field `avoid_with`: unknown condition `osteoporsis`"),
            "{}",
            e[0]
        );
        assert!(e[0].ends_with("(did you mean `osteoporosis`?)"), "{}", e[0]);
        // A well-spelt list reads; an alternative that names no stretch is a problem of the
        // library, with its place and the closest id.
        let text = text.replace("osteoporsis", "osteoporosis");
        let problems = Library::from_sources(&[source(&text)]).unwrap_err().0;
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            "test.yaml:10:16: stretch `knee-to-chest`, field `alternative`: unknown alternative `cat-cwo` (did you mean `cat-cow`?)"
        );
        let lib = Library::from_sources(&[source(&text.replace("cat-cwo", "cat-cow"))]).unwrap();
        let k = lib.get("knee-to-chest").unwrap();
        assert_eq!(k.avoid_with, vec![Condition::Osteoporosis, Condition::Disc]);
        assert_eq!(k.alternative.as_deref(), Some("cat-cow"));
        let e = errors(&text.replace("cat-cwo", "knee-to-chest"));
        assert!(e[0].contains("cannot be its own alternative"), "{e:?}");
        // A user file's unknown alternative is dropped with a warning; the stretch stays.
        let mut lib = Library::default();
        for s in parse_stretch_file(&source(&text)).unwrap() {
            lib.insert(s);
        }
        assert_eq!(lib.drop_unknown_alternatives(&[]).len(), 1);
        assert_eq!(lib.get("knee-to-chest").unwrap().alternative, None);
    }

    #[test]
    fn built_in_doses_sit_inside_their_own_limits() {
        let lib = Library::builtin().unwrap();
        for s in lib.stretches() {
            match s.dose {
                Dose::Hold { hold, sets, .. } => {
                    assert!(s.max_hold.is_none_or(|m| hold <= m), "{}", s.id);
                    assert!(s.max_sets.is_none_or(|m| sets <= m), "{}", s.id);
                }
                Dose::Reps { reps, sets, .. } => {
                    assert!(s.max_reps.is_none_or(|m| reps <= m), "{}", s.id);
                    assert!(s.max_sets.is_none_or(|m| sets <= m), "{}", s.id);
                    assert!(!s.turns_halfway || reps % 2 == 0, "{}", s.id);
                }
            }
            if let Some(alt) = &s.alternative {
                let alt = lib.get(alt).unwrap();
                assert!(
                    s.avoid_with.iter().any(|c| !alt.avoid_with.contains(c)),
                    "{}: its alternative {} is ruled out by every condition that rules it out",
                    s.id,
                    alt.id
                );
            }
        }
    }

    #[test]
    fn kebab_case_ids() {
        assert!(is_kebab("knee-to-chest"));
        assert!(is_kebab("90-90"));
        assert!(!is_kebab("Knee-To-Chest"));
        assert!(!is_kebab("knee--chest"));
        assert!(!is_kebab("-knee"));
        assert!(!is_kebab("knee_chest"));
        assert_eq!(to_kebab("Knee To Chest!"), "knee-to-chest");
    }

    #[test]
    fn later_sources_replace_earlier_ids() {
        let mut user = source(
            "- id: cat-cow\n  name: My Cat-Cow\n  areas: [core]\n  position: floor\n  level: gentle\n  hold: 20s\n",
        );
        user.name = "mine.yaml".into();
        let lib = Library::from_sources(&[source(GOOD), user]).unwrap();
        assert_eq!(lib.len(), 2);
        assert_eq!(lib.get("cat-cow").unwrap().name, "My Cat-Cow");
        let replaced = lib.replaced("cat-cow");
        assert_eq!(replaced.len(), 1);
        assert_eq!(&*replaced[0].file, "test.yaml");
        assert_eq!(replaced[0].line, 9);
    }

    #[test]
    fn lookup_suggests_the_closest_id() {
        let lib = Library::from_sources(&[source(GOOD)]).unwrap();
        let (message, hint) = lib.lookup("cat-cwo").unwrap_err();
        assert_eq!(message, "unknown stretch `cat-cwo`");
        assert_eq!(hint.as_deref(), Some("did you mean `cat-cow`?"));
    }

    #[test]
    fn describes_doses() {
        let s = parse_stretch_file(&source(GOOD)).unwrap();
        assert_eq!(s[0].dose.describe(), "hold 30s × 2");
        assert_eq!(
            s[1].dose.describe(),
            "8 reps, one per breath (3s in, 3s out)"
        );
        assert_eq!(clock(75), "1:15");
        assert_eq!(clock(3725), "1:02:05");
    }
}
