//! Checks on what the visitor enters, before anything is sent.

/// Longest feedback comment the API accepts, in characters.
pub const MAX_COMMENT_CHARS: usize = 2000;

/// Why feedback cannot be sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FeedbackError {
    /// The score is outside 0..=10.
    #[error("the score must be between 0 and 10")]
    Score,
    /// The comment is too long.
    #[error("the comment can have at most {MAX_COMMENT_CHARS} characters")]
    CommentTooLong,
}

/// Checks a feedback entry; returns the comment to send (`None` when blank).
pub fn feedback(score: u8, comment: &str) -> Result<Option<String>, FeedbackError> {
    if score > 10 {
        return Err(FeedbackError::Score);
    }
    let comment = comment.trim();
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(FeedbackError::CommentTooLong);
    }
    Ok((!comment.is_empty()).then(|| comment.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_rules() {
        assert_eq!(feedback(0, ""), Ok(None));
        assert_eq!(feedback(10, "  ótimo  "), Ok(Some("ótimo".into())));
        assert_eq!(feedback(11, ""), Err(FeedbackError::Score));
        // Characters, not bytes: 2000 accented letters are fine.
        assert_eq!(feedback(5, &"é".repeat(2000)).map(|c| c.map(|c| c.chars().count())), Ok(Some(2000)));
        assert_eq!(feedback(5, &"é".repeat(2001)), Err(FeedbackError::CommentTooLong));
    }
}
