"""A tiny helper for the closed word lists the annotators keep in their source."""

from __future__ import annotations


def word_set(words: str) -> frozenset[str]:
    """The whitespace-separated words of ``words`` as a set (keeps long lists readable in source)."""
    return frozenset(words.split())
