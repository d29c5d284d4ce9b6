//! Evidence: the answers and findings a conclusion rests on.

/// What made a conclusion true (or false): the items whose answers it read
/// and the findings it relied on, in questionnaire order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    pub items: Indices,
    pub findings: Indices,
}

impl Evidence {
    pub(super) fn item(item: usize) -> Self {
        Evidence {
            items: Indices(vec![item]),
            findings: Indices::default(),
        }
    }

    pub(super) fn finding(finding: usize) -> Self {
        Evidence {
            items: Indices::default(),
            findings: Indices(vec![finding]),
        }
    }

    pub(super) fn merge(&mut self, other: Evidence) {
        self.items.merge(other.items);
        self.findings.merge(other.findings);
    }
}

/// A set of indices in ascending order. Evidence is built and merged for
/// every condition evaluated and rarely holds more than a handful, so a
/// sorted vector is much cheaper than a tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Indices(Vec<usize>);

impl Indices {
    pub fn iter(&self) -> std::slice::Iter<'_, usize> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, index: usize) -> bool {
        self.0.binary_search(&index).is_ok()
    }

    fn merge(&mut self, other: Indices) {
        if self.0.is_empty() {
            self.0 = other.0;
        } else if !other.0.is_empty() {
            self.0.extend(other.0);
            self.0.sort_unstable();
            self.0.dedup();
        }
    }
}
