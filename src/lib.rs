//! supple: a terminal stretch-routine timer.
//!
//! The library is layered: [`library`] (stretches) and [`routine`] (routines) feed
//! [`timeline`] (the exact schedule), which [`session`] walks through given the time from
//! outside. The terminal front ends sit on top and are the only parts that read the clock.

pub mod diag;
pub mod library;
pub mod yaml;
pub mod routine;
pub mod timeline;
pub mod session;
pub mod load;
pub mod paths;
pub mod settings;
pub mod cue;
pub mod tui;
