"""MkDocs plugins: thin adapters over the pure content, diff and render modules."""
