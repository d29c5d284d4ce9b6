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
            items: Indices::one(item),
            findings: Indices::default(),
        }
    }

    pub(super) fn finding(finding: usize) -> Self {
        Evidence {
            items: Indices::default(),
            findings: Indices::one(finding),
        }
    }

    pub(super) fn merge(&mut self, other: Evidence) {
        self.items.merge(other.items);
        self.findings.merge(other.findings);
    }
}

/// A set of indices in ascending order. Evidence is built and merged for
/// every condition evaluated and rarely holds more than a handful, so a
/// sorted vector is much cheaper than a tree, and a handful is held in
/// place: most conditions then allocate nothing at all.
#[derive(Clone)]
pub struct Indices(Repr);

/// Indices held in place, at most this many.
const IN_PLACE: usize = 5;

#[derive(Clone)]
enum Repr {
    InPlace {
        len: usize,
        indices: [usize; IN_PLACE],
    },
    Vec(Vec<usize>),
}

impl Default for Indices {
    fn default() -> Self {
        Indices(Repr::InPlace {
            len: 0,
            indices: [0; IN_PLACE],
        })
    }
}

impl PartialEq for Indices {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Indices {}

impl std::fmt::Debug for Indices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Indices").field(&self.as_slice()).finish()
    }
}

impl Indices {
    fn one(index: usize) -> Self {
        let mut one = Indices::default();
        one.push(index);
        one
    }

    fn as_slice(&self) -> &[usize] {
        match &self.0 {
            Repr::InPlace { len, indices } => &indices[..*len],
            Repr::Vec(indices) => indices,
        }
    }

    pub fn iter(&self) -> std::slice::Iter<'_, usize> {
        self.as_slice().iter()
    }

    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }

    pub fn contains(&self, index: usize) -> bool {
        self.as_slice().binary_search(&index).is_ok()
    }

    /// Adds `index`, greater than every index held.
    fn push(&mut self, index: usize) {
        match &mut self.0 {
            Repr::InPlace { len, indices } if *len < IN_PLACE => {
                indices[*len] = index;
                *len += 1;
            }
            Repr::InPlace { indices, .. } => {
                let mut moved = Vec::with_capacity(2 * IN_PLACE);
                moved.extend_from_slice(indices);
                moved.push(index);
                self.0 = Repr::Vec(moved);
            }
            Repr::Vec(indices) => indices.push(index),
        }
    }

    /// Both are sorted without repeats, so one pass merges them; most
    /// often `other` comes wholly after (questionnaire order) and is
    /// appended.
    fn merge(&mut self, other: Indices) {
        let (ours, theirs) = (self.as_slice(), other.as_slice());
        match (ours.last(), theirs.first()) {
            (_, None) => {}
            (None, _) => *self = other,
            (Some(last), Some(first)) if last < first => {
                for &index in theirs {
                    self.push(index);
                }
            }
            _ => {
                let mut merged = Indices::default();
                let (mut a, mut b) = (ours.iter().peekable(), theirs.iter().peekable());
                while let (Some(&&x), Some(&&y)) = (a.peek(), b.peek()) {
                    merged.push(x.min(y));
                    if x <= y {
                        a.next();
                    }
                    if y <= x {
                        b.next();
                    }
                }
                for &index in a.chain(b) {
                    merged.push(index);
                }
                *self = merged;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indices(list: &[usize]) -> Indices {
        let mut indices = Indices::default();
        for &index in list {
            indices.push(index);
        }
        indices
    }

    fn merged(a: &[usize], b: &[usize]) -> Vec<usize> {
        let mut ours = indices(a);
        ours.merge(indices(b));
        ours.iter().copied().collect()
    }

    #[test]
    fn merging_keeps_one_sorted_set() {
        assert_eq!(merged(&[], &[3]), [3]);
        assert_eq!(merged(&[3], &[]), [3]);
        assert_eq!(merged(&[1, 2], &[5, 9]), [1, 2, 5, 9]);
        assert_eq!(merged(&[5, 9], &[1, 2]), [1, 2, 5, 9]);
        assert_eq!(merged(&[1, 4, 9], &[2, 4, 10]), [1, 2, 4, 9, 10]);
        assert_eq!(merged(&[2, 4], &[2, 4]), [2, 4]);
        assert_eq!(merged(&[7], &[1, 7, 8]), [1, 7, 8]);
        // Past what is held in place.
        let (evens, odds): (Vec<usize>, Vec<usize>) = (0..20).partition(|i| i % 2 == 0);
        assert_eq!(merged(&evens, &odds), (0..20).collect::<Vec<_>>());
        assert_eq!(merged(&evens[..3], &evens[3..]), evens);
        assert_eq!(indices(&evens), indices(&evens).clone());
    }
}
