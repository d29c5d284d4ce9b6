//! The formats a result is written in: one list for the configuration,
//! the command line, the save box and the writers.

/// A file format a result can be saved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Toml,
    Json,
    Fhir,
    Markdown,
    Text,
    /// At most 20 lines of ASCII, for pasting into a record.
    Summary,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Toml,
        Format::Json,
        Format::Fhir,
        Format::Markdown,
        Format::Text,
        Format::Summary,
    ];

    /// The name used in the configuration and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Toml => "toml",
            Format::Json => "json",
            Format::Fhir => "fhir",
            Format::Markdown => "markdown",
            Format::Text => "text",
            Format::Summary => "summary",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// The file extension for results saved in `format`.
pub fn extension(format: Format) -> &'static str {
    match format {
        Format::Toml => "toml",
        Format::Json => "json",
        Format::Fhir => "fhir.json",
        Format::Markdown => "md",
        Format::Text => "txt",
        Format::Summary => "summary.txt",
    }
}
