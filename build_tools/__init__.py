"""Build tools: content model, checks, MkDocs plugins, diffs and the `kb` command."""
