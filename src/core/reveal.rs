//! Older pages are revealed a row per animation frame, so that no frame renders (and lays out)
//! a whole page: the list keeps the key of its top row, rows put before it wait, and each frame
//! moves the top up by one row.

/// Index of the first row to show: the one whose key is `top`, so rows put before it (an older
/// page) are held back; all rows when there is no top yet or its row is gone.
pub fn shown_from<'a>(mut keys: impl Iterator<Item = &'a str>, top: Option<&str>) -> usize {
    top.and_then(|top| keys.position(|k| k == top)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_before_the_top_are_held_back() {
        let keys = ["o1", "o2", "a", "b"];
        assert_eq!(shown_from(keys.into_iter(), Some("a")), 2);
        assert_eq!(shown_from(keys.into_iter(), Some("o1")), 0);
    }

    #[test]
    fn without_a_top_or_with_its_row_gone_every_row_shows() {
        let keys = ["a", "b"];
        assert_eq!(shown_from(keys.into_iter(), None), 0);
        assert_eq!(shown_from(keys.into_iter(), Some("gone")), 0);
        assert_eq!(shown_from(std::iter::empty(), Some("a")), 0);
    }
}
