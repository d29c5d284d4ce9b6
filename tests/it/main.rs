//! Integration tests: the real binary and the library's public entry points.

mod attacks;
mod builtin;
mod drive;
mod e2e;
mod examples;
mod fhir;
mod hostile;
mod keeper;
mod layers;
mod monkey;
mod plain;
mod properties;
mod result_schema;
mod score;
mod store;
mod support;
mod tui;
mod validate;
