"""The typed content model: Markdown sources with front matter, validated and cross-referenced."""
