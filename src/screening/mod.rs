pub mod config;
pub mod keeper;
pub mod saving;
pub mod session;
pub mod setup;
