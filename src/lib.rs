//! supple: a terminal stretch-routine timer.
//!
//! The library is layered: [`library`] (stretches) and [`routine`] (routines) feed
//! [`timeline`] (the exact schedule), which [`session`] walks through given the time from
//! outside. The terminal front ends sit on top and are the only parts that read the clock.

pub mod builder;
pub mod cli;
pub mod commands;
pub mod conditions;
pub mod cue;
pub mod diag;
pub mod history;
pub mod library;
pub mod load;
pub mod paths;
pub mod plain;
pub mod routine;
pub mod safety;
pub mod schema;
pub mod session;
pub mod settings;
pub mod signals;
pub mod text;
pub mod timeline;
pub mod tui;
pub mod voice;
pub mod yaml;
