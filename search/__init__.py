"""Offline Whoosh search over knowledge-base sections; never imports build_tools or mkdocs."""
