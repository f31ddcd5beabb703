//! Many short lists kept as one: the concepts a search loads hold thousands of texts
//! and term lists, and reading them back as one allocation each (instead of one a
//! list) is most of what makes loading them fast.

use serde::{Deserialize, Serialize};

/// Lists of items: list `i` is `items[ends[i - 1]..ends[i]]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Packed<T> {
    items: Vec<T>,
    ends: Vec<u32>,
}

impl<T> Default for Packed<T> {
    fn default() -> Self {
        Packed {
            items: Vec::new(),
            ends: Vec::new(),
        }
    }
}

impl<T> Packed<T> {
    pub fn push(&mut self, list: impl IntoIterator<Item = T>) {
        self.items.extend(list);
        self.ends
            .push(u32::try_from(self.items.len()).unwrap_or(u32::MAX));
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// List `i`; empty past the end (saved lists that do not hold together read as
    /// empty rather than fail).
    pub fn get(&self, i: usize) -> &[T] {
        let end = self.ends.get(i).map_or(0, |&e| e as usize);
        let start = match i.checked_sub(1) {
            Some(before) => self.ends.get(before).map_or(0, |&e| e as usize),
            None => 0,
        };
        self.items.get(start..end).unwrap_or(&[])
    }

    pub fn items(&self) -> &[T] {
        &self.items
    }
}

/// Texts: text `i` is `text[ends[i - 1]..ends[i]]`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Texts {
    text: String,
    ends: Vec<u32>,
}

impl Texts {
    pub fn push(&mut self, text: &str) {
        self.text.push_str(text);
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Text `i`; empty past the end or off a character boundary.
    pub fn get(&self, i: usize) -> &str {
        let end = self.ends.get(i).map_or(0, |&e| e as usize);
        let start = match i.checked_sub(1) {
            Some(before) => self.ends.get(before).map_or(0, |&e| e as usize),
            None => 0,
        };
        self.text.get(start..end).unwrap_or("")
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The place of a text in texts kept sorted.
    pub fn find_sorted(&self, wanted: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = (low + high) / 2;
            match self.get(middle).cmp(wanted) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(middle),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_texts_read_back_as_pushed() {
        let mut lists = Packed::default();
        lists.push([1u32, 2]);
        lists.push([]);
        lists.push([3]);
        assert_eq!(lists.get(0), &[1, 2]);
        assert_eq!(lists.get(1), &[] as &[u32]);
        assert_eq!(lists.get(2), &[3]);
        assert_eq!(lists.get(3), &[] as &[u32]);
        let mut texts = Texts::default();
        for text in ["api", "cache", "élan"] {
            texts.push(text);
        }
        assert_eq!(texts.iter().collect::<Vec<_>>(), ["api", "cache", "élan"]);
        assert_eq!(texts.find_sorted("cache"), Some(1));
        assert_eq!(texts.find_sorted("élan"), Some(2));
        assert_eq!(texts.find_sorted("db"), None);
    }
}
