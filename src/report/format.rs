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

    /// The format a file named `file_name` is written in, from its
    /// extension (as [`extension`] gives it, in any case): `.fhir.json` is
    /// FHIR, any other `.json` the JSON result.
    pub fn from_file_name(file_name: &str) -> Option<Format> {
        let lower = file_name.to_ascii_lowercase();
        let mut by_longest = Format::ALL;
        by_longest.sort_by_key(|format| std::cmp::Reverse(extension(*format).len()));
        by_longest.into_iter().find(|format| {
            lower
                .strip_suffix(extension(*format))
                .is_some_and(|stem| stem.len() > 1 && stem.ends_with('.'))
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_file_names() {
        for (name, format) in [
            ("a.json", Some(Format::Json)),
            ("a.fhir.json", Some(Format::Fhir)),
            ("A.FHIR.JSON", Some(Format::Fhir)),
            ("a.md", Some(Format::Markdown)),
            ("a.toml", Some(Format::Toml)),
            ("a.txt", Some(Format::Text)),
            ("a.b.txt", Some(Format::Text)),
            ("a", None),
            ("a.pdf", None),
            (".json", None),
            ("json", None),
            ("a.jsonx", None),
        ] {
            assert_eq!(Format::from_file_name(name), format, "{name}");
        }
        for format in Format::ALL {
            let name = format!("result.{}", extension(format));
            assert_eq!(Format::from_file_name(&name), Some(format));
        }
    }
}
