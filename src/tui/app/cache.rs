//! Lines kept between frames, for the screens that would otherwise lay
//! out the same lines on every key.

/// Lines laid out for one width (and whatever else the key holds), kept
/// between frames. It only repeats what the rest of the state says, so it
/// compares equal to any other and a copy starts empty.
pub struct LineCache<K, T>(std::cell::RefCell<Option<(K, std::rc::Rc<[T]>)>>);

impl<K: PartialEq, T> LineCache<K, T> {
    /// The lines for `key`, laid out by `build` unless they already are.
    pub fn get(&self, key: K, build: impl FnOnce() -> Vec<T>) -> std::rc::Rc<[T]> {
        if let Some((cached, lines)) = &*self.0.borrow()
            && *cached == key
        {
            return lines.clone();
        }
        let lines: std::rc::Rc<[T]> = build().into();
        *self.0.borrow_mut() = Some((key, lines.clone()));
        lines
    }
}

impl<K, T> Default for LineCache<K, T> {
    fn default() -> Self {
        LineCache(std::cell::RefCell::new(None))
    }
}

impl<K, T> Clone for LineCache<K, T> {
    fn clone(&self) -> Self {
        LineCache::default()
    }
}

impl<K, T> PartialEq for LineCache<K, T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<K, T> std::fmt::Debug for LineCache<K, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LineCache")
    }
}
