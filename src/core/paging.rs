//! Which page of the message list to ask for. The API pages by offset, oldest first, so the
//! newest page and each older one are computed from the conversation's `messages_count`.

/// How many messages one page holds (the API allows 1..=100).
pub const PAGE_SIZE: u64 = 30;

/// An `offset` + `limit` window of the message list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// First message of the window (0 is the oldest message).
    pub offset: u64,
    /// How many messages (1..=100).
    pub limit: u64,
}

/// The newest page of a conversation with `count` messages. After a reload this one request,
/// with the state request before it, is all it takes to show the conversation.
pub fn newest(count: u64) -> Window {
    Window { offset: count.saturating_sub(PAGE_SIZE), limit: PAGE_SIZE }
}

/// The page just before the one starting at `oldest_offset`, or `None` at the start.
pub fn older(oldest_offset: u64) -> Option<Window> {
    if oldest_offset == 0 {
        return None;
    }
    let offset = oldest_offset.saturating_sub(PAGE_SIZE);
    Some(Window { offset, limit: oldest_offset - offset })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_page_of_short_and_long_conversations() {
        assert_eq!(newest(0), Window { offset: 0, limit: PAGE_SIZE });
        assert_eq!(newest(5), Window { offset: 0, limit: PAGE_SIZE });
        assert_eq!(newest(PAGE_SIZE), Window { offset: 0, limit: PAGE_SIZE });
        assert_eq!(newest(100), Window { offset: 70, limit: PAGE_SIZE });
    }

    #[test]
    fn older_pages_walk_back_to_the_start_without_overlap() {
        let mut windows = vec![newest(75)];
        while let Some(w) = older(windows.last().unwrap().offset) {
            windows.push(w);
        }
        assert_eq!(
            windows,
            [Window { offset: 45, limit: 30 }, Window { offset: 15, limit: 30 }, Window { offset: 0, limit: 15 }]
        );
        assert_eq!(older(0), None);
    }
}
