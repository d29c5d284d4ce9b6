//! Sections and items: their ids, texts, options, numbers, units and
//! codes, each checked as it is built.

use super::*;

impl Builder<'_> {
    pub(super) fn sections_and_items(
        &mut self,
        raw: &[S<RawSection>],
        labels: &Labels,
    ) -> (Vec<Section>, Vec<Item>) {
        let mut sections = Vec::new();
        let mut items: Vec<Item> = Vec::new();
        let mut section_ids = HashSet::new();
        if raw.is_empty() {
            self.error_help(
                0..0,
                "the questionnaire has no sections",
                "add a `[[section]]` with at least one `[[section.item]]`",
            );
        }
        for (index, section) in raw.iter().enumerate() {
            let s = section.get_ref();
            self.unique_id(&s.id, "section", true, &mut section_ids);
            if s.item.is_empty() {
                self.error_help(
                    s.id.span(),
                    format!("section `{}` has no items", sanitize_line(s.id.get_ref())),
                    "add a `[[section.item]]` to it or remove the section",
                );
            }
            let first = items.len();
            for raw_item in &s.item {
                if items.len() == MAX_ITEMS {
                    self.error(
                        raw_item.span(),
                        format!("a questionnaire may have at most {MAX_ITEMS} items"),
                    );
                    break;
                }
                let item = self.item(raw_item.get_ref(), index, labels);
                items.push(item);
            }
            sections.push(Section {
                id: s.id.get_ref().clone(),
                title: self.required_text(&s.title, "a section's title"),
                intro: opt_text(&s.intro),
                show_if: None,
                show_if_text: s
                    .show_if
                    .as_ref()
                    .map(|c| sanitize_line(c.get_ref().trim()).into_owned()),
                items: first..items.len(),
            });
        }
        self.dates(raw, &mut items);
        self.warn_shared_ids(raw, &items);
        (sections, items)
    }

    /// Resolves each known result's `dated_by` to the earlier item it
    /// names.
    fn dates(&mut self, raw_sections: &[S<RawSection>], items: &mut [Item]) {
        let raw_items = raw_sections.iter().flat_map(|s| &s.get_ref().item);
        for (index, raw_item) in raw_items.enumerate().take(items.len()) {
            let Some(dated_by) = &raw_item.get_ref().dated_by else {
                continue;
            };
            let earlier = items[..index]
                .iter()
                .position(|it| &it.id == dated_by.get_ref());
            match earlier {
                Some(date) => items[index].dated_by = Some(date),
                None => self.error_help(
                    dated_by.span(),
                    format!(
                        "`{}` is not an earlier item",
                        sanitize_line(dated_by.get_ref())
                    ),
                    "name the item, asked before this one, that says when the result is from",
                ),
            }
        }
    }

    /// A section and an item with the same id work here, but exported to
    /// FHIR they would be two items with one linkId, which it forbids.
    fn warn_shared_ids(&mut self, raw: &[S<RawSection>], items: &[Item]) {
        let item_ids: HashSet<&str> = items.iter().map(|i| i.id.as_str()).collect();
        for section in raw {
            let id = &section.get_ref().id;
            if item_ids.contains(id.get_ref().as_str()) {
                self.warnings.push(
                    Diagnostic::new(
                        id.span(),
                        format!(
                            "section `{}` has the id of an item; exported to FHIR, every section and item needs an id of its own",
                            sanitize_line(id.get_ref())
                        ),
                    )
                    .with_help("rename the section: answers files name items, never sections"),
                );
            }
        }
    }

    fn item(&mut self, raw: &RawItem, section: usize, labels: &Labels) -> Item {
        self.check_identifier(&raw.id, "item");
        let kind_name = raw.kind.get_ref().as_str();
        let kind = match kind_name {
            "yes_no" => {
                self.refuse_keys(
                    raw,
                    &["options", "min", "max", "unit", "units", "max_length"],
                );
                ItemKind::YesNo(vec![
                    plain_option("yes", &labels.yes),
                    plain_option("no", &labels.no),
                ])
            }
            "single" | "multiple" => {
                self.refuse_keys(raw, &["min", "max", "unit", "units", "max_length"]);
                let options = self.options(raw, kind_name == "multiple");
                if kind_name == "single" {
                    ItemKind::Single(options)
                } else {
                    ItemKind::Multiple(options)
                }
            }
            "integer" | "decimal" => {
                self.refuse_keys(raw, &["options", "max_length"]);
                ItemKind::Number(self.number(raw, kind_name == "integer"))
            }
            "text" => {
                self.refuse_keys(
                    raw,
                    &["options", "min", "max", "unit", "units", "dont_know"],
                );
                ItemKind::Text {
                    max_length: self.length(&raw.max_length, DEFAULT_TEXT_LENGTH),
                }
            }
            other => {
                self.unknown_word(raw.kind.span(), "item type", other, &ITEM_TYPES);
                ItemKind::Text {
                    max_length: DEFAULT_TEXT_LENGTH,
                }
            }
        };
        Item {
            id: raw.id.get_ref().clone(),
            section,
            text: self.required_text(&raw.text, "an item's text"),
            help: opt_text(&raw.help),
            clinical: opt_text(&raw.clinical),
            required: raw.required.as_ref().is_none_or(|r| *r.get_ref()),
            dont_know: raw.dont_know.as_ref().is_some_and(|d| *d.get_ref()),
            show_if: None,
            show_if_text: raw
                .show_if
                .as_ref()
                .map(|c| sanitize_line(c.get_ref().trim()).into_owned()),
            codes: self.codings(&raw.code, units_of(&kind)),
            kind,
            dated_by: None,
        }
    }

    /// Codes as written, each with a system that is an absolute URI and a
    /// code; `unit` only where the item has units, and one of them.
    pub(super) fn codings(
        &mut self,
        raw: &Option<S<Vec<S<RawCoding>>>>,
        units: &[Unit],
    ) -> Vec<Coding> {
        let Some(list) = raw else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for coding in list.get_ref() {
            let c = coding.get_ref();
            let system = text(&c.system);
            if !system.contains(':') || system.contains(char::is_whitespace) {
                self.error_help(
                    c.system.span(),
                    "a code's `system` must be an absolute URI",
                    "for example \"http://loinc.org\" or \"http://snomed.info/sct\"",
                );
            }
            let code = self.required_text(&c.code, "a code");
            let unit = c.unit.as_ref().and_then(|u| {
                let found = units.iter().position(|known| known.name == *u.get_ref());
                if found.is_none() {
                    let names: Vec<&str> = units.iter().map(|known| known.name.as_str()).collect();
                    let help = if names.is_empty() {
                        "`unit` applies only to a number item with units".to_string()
                    } else {
                        format!("use one of the item's units: {}", names.join(", "))
                    };
                    self.error_help(
                        u.span(),
                        format!(
                            "`{}` is not one of the item's units",
                            sanitize_line(u.get_ref())
                        ),
                        help,
                    );
                }
                found
            });
            out.push(Coding {
                system,
                code,
                display: opt_text(&c.display),
                unit,
            });
        }
        out
    }

    /// Keys that belong to other item types are errors, not silently
    /// ignored: `min` on a yes/no question means the author expected a range.
    fn refuse_keys(&mut self, raw: &RawItem, keys: &[&str]) {
        let kind = raw.kind.get_ref();
        let present: [(&str, Option<Range<usize>>); 7] = [
            ("options", raw.options.as_ref().map(|v| v.span())),
            ("min", raw.min.as_ref().map(|v| v.span())),
            ("max", raw.max.as_ref().map(|v| v.span())),
            ("unit", raw.unit.as_ref().map(|v| v.span())),
            ("units", raw.units.as_ref().map(|v| v.span())),
            ("max_length", raw.max_length.as_ref().map(|v| v.span())),
            ("dont_know", raw.dont_know.as_ref().map(|v| v.span())),
        ];
        for (key, span) in present {
            if let Some(span) = span.filter(|_| keys.contains(&key)) {
                self.error_help(
                    span,
                    format!("`{key}` does not apply to a `{kind}` item"),
                    format!("remove `{key}` or change the item's type"),
                );
            }
        }
    }

    pub(super) fn options(&mut self, raw: &RawItem, multiple: bool) -> Vec<ChoiceOption> {
        let Some(list) = &raw.options else {
            self.error_help(
                raw.kind.span(),
                format!("a `{}` item needs `options`", raw.kind.get_ref()),
                "add options = [{ value = \"a\", label = \"A\" }, ...]",
            );
            return Vec::new();
        };
        let minimum = if multiple { 1 } else { 2 };
        if list.get_ref().len() < minimum {
            self.error(
                list.span(),
                format!(
                    "a `{}` item needs at least {minimum} options",
                    raw.kind.get_ref()
                ),
            );
        }
        if list.get_ref().len() > MAX_OPTIONS {
            self.error(
                list.span(),
                format!("an item may have at most {MAX_OPTIONS} options"),
            );
        }
        let mut values: HashMap<&str, ()> = HashMap::new();
        let mut labels: HashMap<String, ()> = HashMap::new();
        let mut out = Vec::new();
        for (position, option) in list.get_ref().iter().enumerate() {
            let o = option.get_ref();
            self.check_leading_number(&o.label, position + 1);
            let value = o.value.get_ref();
            if !is_identifier(value) || value == "dont_know" {
                self.error_help(
                    o.value.span(),
                    format!("option value `{}` is not valid", sanitize_line(value)),
                    "use letters, digits and `_`, starting with a letter (`dont_know` is reserved: set `dont_know = true` on the item instead)",
                );
            }
            if values.insert(value, ()).is_some() {
                self.error(
                    o.value.span(),
                    format!("duplicate option value `{}`", sanitize_line(value)),
                );
            }
            let label = self.required_text(&o.label, "an option's label");
            if labels.insert(label.to_lowercase(), ()).is_some() {
                self.error(
                    o.label.span(),
                    format!("duplicate option label \"{label}\""),
                );
            }
            let exclusive = o.exclusive.as_ref().is_some_and(|e| *e.get_ref());
            if exclusive
                && !multiple
                && let Some(e) = &o.exclusive
            {
                self.error_help(
                    e.span(),
                    "`exclusive` only applies to options of a `multiple` item",
                    "remove it: a single choice is always exclusive",
                );
            }
            let score = o.score.as_ref().map(|s| self.float(s));
            out.push(ChoiceOption {
                value: value.clone(),
                label,
                help: opt_text(&o.help),
                score,
                exclusive,
            });
        }
        out
    }

    /// Options are picked by their number: a label that begins with
    /// another number ("1 or 2" as the second option) invites the wrong key.
    fn check_leading_number(&mut self, label: &S<String>, position: usize) {
        let digits: String = label
            .get_ref()
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if !digits.is_empty() && digits.parse::<usize>().ok() != Some(position) {
            self.error_help(
                label.span(),
                format!(
                    "option {position}'s label begins with the number {digits}: typing {} would choose another option",
                    &digits[..1]
                ),
                "begin the label with a word (\"One or two\", \"Between 2 and 5\")",
            );
        }
    }

    fn number(&mut self, raw: &RawItem, integer: bool) -> NumberSpec {
        let min = raw.min.as_ref().map(|m| (self.float(m), m.span()));
        let max = raw.max.as_ref().map(|m| (self.float(m), m.span()));
        if let (Some((lo, _)), Some((hi, span))) = (&min, &max)
            && lo > hi
        {
            self.error_help(
                span.clone(),
                format!("the range is empty: min ({lo}) is greater than max ({hi})"),
                "swap min and max",
            );
        }
        if integer {
            for (value, span) in min.iter().chain(max.iter()) {
                if value.fract() != 0.0 {
                    self.error_help(
                        span.clone(),
                        format!("an `integer` item cannot have the bound {value}"),
                        "use a whole number, or make the item `decimal`",
                    );
                }
            }
        }
        let mut units = Vec::new();
        if let Some(unit) = &raw.unit {
            units.push(Unit {
                name: self.required_text(unit, "the unit"),
                factor: 1.0,
            });
        }
        if let Some(alternatives) = &raw.units {
            if raw.unit.is_none() {
                self.error_help(
                    alternatives.span(),
                    "`units` needs the item's own `unit` as well",
                    "add unit = \"...\": conditions and min/max are written in it",
                );
            }
            for alternative in alternatives.get_ref() {
                let a = alternative.get_ref();
                let name = self.required_text(&a.unit, "a unit");
                if units.iter().any(|u| u.name == name) {
                    self.error(a.unit.span(), format!("duplicate unit `{name}`"));
                }
                let factor = self.float(&a.factor);
                if factor <= 0.0 {
                    self.error(a.factor.span(), "a unit's factor must be greater than 0");
                }
                units.push(Unit { name, factor });
            }
        }
        NumberSpec {
            integer,
            min: min.map(|(v, _)| v),
            max: max.map(|(v, _)| v),
            units,
        }
    }
}

fn units_of(kind: &ItemKind) -> &[Unit] {
    match kind {
        ItemKind::Number(spec) => &spec.units,
        _ => &[],
    }
}

fn plain_option(value: &str, label: &str) -> ChoiceOption {
    ChoiceOption {
        value: value.into(),
        label: label.into(),
        help: None,
        score: None,
        exclusive: false,
    }
}
