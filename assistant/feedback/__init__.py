"""Staff feedback on answers: 👍/👎 votes with a comment, kept in SQLite beside the store."""

from assistant.feedback.store import FeedbackError, FeedbackRow, FeedbackStore, Vote

__all__ = ["FeedbackError", "FeedbackRow", "FeedbackStore", "Vote"]
