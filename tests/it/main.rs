//! Integration tests: the real binary and the library's public entry points.

mod attacks;
mod cli;
mod drive;
mod e2e;
mod examples;
mod fhir;
mod fields;
mod hostile;
mod keeper;
mod keys;
mod layers;
mod monkey;
mod mouse;
mod moving;
mod plain;
mod properties;
mod result_schema;
mod save_box;
mod score;
mod small;
mod store;
mod support;
mod tui;
mod validate;
mod workstation;
