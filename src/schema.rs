//! JSON Schemas for stretch files and routine files (`supple schema stretches|routine`), so
//! a YAML language server completes and checks fields while a file is written. They are
//! built from the same field lists and vocabularies the readers use, so they cannot drift.
//! The readers stay the judge: they also check what a schema cannot say (an unknown
//! stretch id, a dose that does not fit, durations over 30 minutes).

use crate::library::{
    Area, Condition, Joint, Level, MAX_REPS, MAX_SETS, Position, STRETCH_FIELDS, Sides,
};
use crate::routine::{ROUTINE_FIELDS, STEP_FIELDS};
use crate::yaml::Vocab;
use serde_json::{Value, json};

/// Where the schemas are published, for the `$id` and the comment `supple build` writes.
pub const BASE: &str = "https://supple.invalid/schema";

/// The two kinds of file a schema is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Stretches,
    Routine,
}

impl Kind {
    /// The file name the schema is published under.
    pub fn file(self) -> &'static str {
        match self {
            Kind::Stretches => "stretches.schema.json",
            Kind::Routine => "routine.schema.json",
        }
    }
}

/// The first line of a routine file written by supple: a YAML language server reads it
/// and checks the file against the routine schema.
pub fn modeline(kind: Kind) -> String {
    format!("# yaml-language-server: $schema={BASE}/{}", kind.file())
}

fn one_of<T: Vocab>() -> Value {
    json!({ "type": "string", "enum": T::names() })
}

/// `30s`, `1m`, `1m30s`, or a bare number of seconds.
fn duration() -> Value {
    json!({
        "description": "a duration: `30s`, `1m`, `1m30s`, or a number of seconds",
        "anyOf": [
            { "type": "integer", "minimum": 1 },
            { "type": "string", "pattern": "^ *([0-9]+ *[ms] *)+$|^ *[0-9]+ *$" }
        ]
    })
}

fn count(max: u32) -> Value {
    json!({ "type": "integer", "minimum": 1, "maximum": max })
}

fn texts() -> Value {
    json!({ "type": "array", "items": { "type": "string" } })
}

/// The schema of one stretch (a file holds a list of them).
fn stretch() -> Value {
    let mut properties = serde_json::Map::new();
    for &field in STRETCH_FIELDS {
        let schema = match field {
            "id" => json!({
                "type": "string",
                "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
                "description": "unique, kebab-case: `cat-cow`"
            }),
            "name" | "summary" => json!({ "type": "string" }),
            "areas" => json!({
                "type": "array", "items": one_of::<Area>(), "minItems": 1,
                "description": "the body areas it works, the primary one first"
            }),
            "position" => one_of::<Position>(),
            "level" => one_of::<Level>(),
            "loads" => json!({ "type": "array", "items": one_of::<Joint>() }),
            "avoid_with" => json!({
                "type": "array", "items": one_of::<Condition>(),
                "description": "conditions that rule the stretch out"
            }),
            "alternative" => json!({
                "type": "string",
                "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
                "description": "the id of the stretch to do instead when a condition rules this one out"
            }),
            "sides" => one_of::<Sides>(),
            "hold" | "tempo" | "max_hold" => duration(),
            "sets" | "max_sets" => count(MAX_SETS),
            "reps" | "max_reps" => count(MAX_REPS),
            "turns_halfway" => json!({
                "type": "boolean",
                "description": "the reps change direction halfway, so their count is even"
            }),
            "breath" => json!({
                "type": "object",
                "additionalProperties": false,
                "required": ["in", "out"],
                "properties": {
                    "first": {
                        "enum": ["in", "out"],
                        "description": "which half of the breath a rep starts with (default in)"
                    },
                    "in": duration(),
                    "out": duration(),
                    "in_cue": { "type": "string" },
                    "out_cue": { "type": "string" }
                }
            }),
            "tempo_cues" => {
                let words = json!({
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 2,
                    "items": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": crate::library::MAX_TEMPO_CUE
                    }
                });
                json!({
                    "description": "words for each tempo rep on the pacer: one for the whole rep or one for each half (out and back); with `turns_halfway`, two such lists, before and after the turn",
                    "oneOf": [
                        words,
                        { "type": "array", "minItems": 2, "maxItems": 2, "items": words }
                    ]
                })
            }
            "figure" => crate::figure::schema(),
            // equipment, setup, cues, cautions
            _ => texts(),
        };
        properties.insert(field.to_string(), schema);
    }
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["id", "name", "areas", "position", "level"],
        "properties": properties
    })
}

/// The schema of a stretch file or a routine file.
pub fn schema(kind: Kind) -> Value {
    let head = |title: &str| {
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": format!("{BASE}/{}", kind.file()),
            "title": title,
        })
    };
    match kind {
        Kind::Stretches => {
            let mut s = head("supple stretch file");
            s["description"] = json!("A list of stretches for supple's library.");
            s["type"] = json!("array");
            s["items"] = stretch();
            s
        }
        Kind::Routine => {
            let mut steps = serde_json::Map::new();
            for &field in STEP_FIELDS {
                let schema = match field {
                    "stretch" => json!({ "type": "string", "description": "a stretch id" }),
                    "reps" => count(MAX_REPS),
                    "sets" => count(MAX_SETS),
                    "breath" => json!({
                        "type": "object",
                        "description": "the breathing rhythm for this step: breath-paced reps, or a hold's pacer",
                        "additionalProperties": false,
                        "minProperties": 1,
                        "properties": { "in": duration(), "out": duration() }
                    }),
                    _ => duration(),
                };
                steps.insert(field.to_string(), schema);
            }
            let mut properties = serde_json::Map::new();
            for &field in ROUTINE_FIELDS {
                let schema = match field {
                    "name" | "description" => json!({ "type": "string" }),
                    "steps" => json!({
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": false,
                            "required": ["stretch"],
                            "properties": steps
                        }
                    }),
                    // prepare, switch, rest
                    _ => duration(),
                };
                properties.insert(field.to_string(), schema);
            }
            let mut s = head("supple routine file");
            s["description"] = json!("A routine: stretches in order, with their doses.");
            s["type"] = json!("object");
            s["additionalProperties"] = json!(false);
            s["required"] = json!(["name", "steps"]);
            s["properties"] = Value::Object(properties);
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Node, Value as Yaml};

    /// A YAML tree as JSON, for checking it against a schema.
    fn to_json(node: &Node<'_>) -> Value {
        match &node.value {
            Yaml::Null | Yaml::Tagged => Value::Null,
            Yaml::Bool(b) => json!(b),
            Yaml::Int(i) => json!(i),
            Yaml::Float(f) => json!(f),
            Yaml::Str(s) => json!(s),
            Yaml::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
            Yaml::Map(m) => Value::Object(
                m.iter()
                    .map(|(k, v)| (k.as_str().unwrap_or("?").to_string(), to_json(v)))
                    .collect(),
            ),
        }
    }

    /// The part of JSON Schema these schemas use: type, enum, properties, required,
    /// additionalProperties, items, minItems, minimum, maximum, pattern (as the readers
    /// use it: only anchored alternatives of digits and units), anyOf. Returns the first
    /// place that fails.
    fn check(schema: &Value, v: &Value, at: &str) -> Result<(), String> {
        let fail = |why: &str| Err(format!("{at}: {why}"));
        if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
            return if any.iter().any(|s| check(s, v, at).is_ok()) {
                Ok(())
            } else {
                fail("none of anyOf")
            };
        }
        if let Some(t) = schema.get("type").and_then(Value::as_str) {
            let ok = match t {
                "string" => v.is_string(),
                "integer" => v.is_i64() || v.is_u64(),
                "boolean" => v.is_boolean(),
                "array" => v.is_array(),
                "object" => v.is_object(),
                other => panic!("type {other} is not used"),
            };
            if !ok {
                return fail(&format!("not a {t}: {v}"));
            }
        }
        if let Some(e) = schema.get("enum").and_then(Value::as_array)
            && !e.contains(v)
        {
            return fail(&format!("{v} not in the enum"));
        }
        if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
            let s = v.as_str().unwrap_or_default();
            let ok = if p.starts_with("^[a-z0-9]") {
                !s.is_empty()
                    && s.split('-').all(|w| {
                        !w.is_empty()
                            && w.chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                    })
            } else {
                crate::yaml::parse_duration(s).is_ok()
            };
            if !ok {
                return fail(&format!("{s:?} does not match {p}"));
            }
        }
        let number = v.as_u64();
        if let (Some(min), Some(n)) = (schema.get("minimum").and_then(Value::as_u64), number)
            && n < min
        {
            return fail("below the minimum");
        }
        if let (Some(max), Some(n)) = (schema.get("maximum").and_then(Value::as_u64), number)
            && n > max
        {
            return fail("above the maximum");
        }
        if let Some(items) = v.as_array() {
            if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
                && (items.len() as u64) < min
            {
                return fail("too few items");
            }
            if let Some(item) = schema.get("items") {
                for (i, x) in items.iter().enumerate() {
                    check(item, x, &format!("{at}[{i}]"))?;
                }
            }
        }
        if let Some(map) = v.as_object() {
            let props = schema.get("properties").and_then(Value::as_object);
            for req in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if !map.contains_key(req.as_str().unwrap_or_default()) {
                    return fail(&format!("missing {req}"));
                }
            }
            for (k, x) in map {
                match props.and_then(|p| p.get(k)) {
                    Some(s) => check(s, x, &format!("{at}.{k}"))?,
                    None if schema.get("additionalProperties") == Some(&json!(false)) => {
                        return fail(&format!("unknown field {k}"));
                    }
                    None => {}
                }
            }
        }
        Ok(())
    }

    fn valid(kind: Kind, text: &str) -> Result<(), String> {
        let tree = crate::yaml::parse_tree(text).map_err(|e| format!("{e:?}"))?;
        check(&schema(kind), &to_json(&tree), "")
    }

    #[test]
    fn every_built_in_file_fits_its_schema() {
        for source in crate::library::builtin_sources() {
            valid(Kind::Stretches, &source.text).unwrap_or_else(|e| panic!("{}{e}", source.name));
        }
        for source in crate::routine::builtin_sources() {
            valid(Kind::Routine, &source.text).unwrap_or_else(|e| panic!("{}{e}", source.name));
        }
    }

    #[test]
    fn bad_fixtures_do_not_fit() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        // The fixtures whose fault a schema can see (the rest need the library: an unknown
        // stretch, a dose that does not fit, a duplicate id, `0s`).
        for (kind, file) in [
            (Kind::Stretches, "stretches/unknown-field.yaml"),
            (Kind::Stretches, "stretches/unknown-area.yaml"),
            (Kind::Stretches, "stretches/unknown-position.yaml"),
            (Kind::Stretches, "stretches/unknown-level.yaml"),
            (Kind::Stretches, "stretches/unknown-load.yaml"),
            (Kind::Stretches, "stretches/unknown-sides.yaml"),
            (Kind::Stretches, "stretches/empty-areas.yaml"),
            (Kind::Stretches, "stretches/unparsable-duration.yaml"),
            (Kind::Stretches, "stretches/id-not-kebab.yaml"),
            (Kind::Stretches, "stretches/too-many-sets.yaml"),
            (Kind::Stretches, "stretches/too-many-reps.yaml"),
            (Kind::Stretches, "stretches/figure-unknown-joint.yaml"),
            (Kind::Stretches, "stretches/figure-angle-out-of-range.yaml"),
            (Kind::Stretches, "stretches/figure-one-keyframe.yaml"),
            (Kind::Routine, "routines/empty-steps.yaml"),
            (Kind::Routine, "routines/unknown-step-field.yaml"),
        ] {
            let text = std::fs::read_to_string(format!("{dir}/{file}"))
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            assert!(valid(kind, &text).is_err(), "{file} fits its schema");
        }
    }

    #[test]
    fn the_schemas_name_every_field_and_word() {
        let s = schema(Kind::Stretches);
        let props = &s["items"]["properties"];
        for field in STRETCH_FIELDS {
            assert!(props.get(field).is_some(), "{field}");
        }
        assert_eq!(
            props["areas"]["items"]["enum"].as_array().unwrap().len(),
            15
        );
        let figure = &props["figure"]["properties"];
        assert_eq!(figure["pose"]["properties"].as_object().unwrap().len(), 22);
        assert_eq!(figure["pose"]["properties"]["knee"]["maximum"], json!(170));
        assert!(
            figure["keyframes"]["items"]["properties"]
                .get("base")
                .is_some()
        );
        assert!(modeline(Kind::Routine).ends_with("/routine.schema.json"));
        let r = schema(Kind::Routine);
        assert_eq!(r["required"], json!(["name", "steps"]));
    }
}
