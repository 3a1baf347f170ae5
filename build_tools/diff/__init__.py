"""Version diffs: sections aligned by id, word-level diffs inside changed sections."""
