"""Quotation marks: the French and English openers and closers, and the spans they enclose."""

from __future__ import annotations

OPENERS = "«“„"
CLOSERS = "»”"
_MAX_QUOTE = 1500


def quote_marks(text: str) -> list[tuple[int, int]]:
    """Character spans of the insides of top-level quotation marks, within one line each."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, c in enumerate(text):
        if c == "\n":
            stack = []
        elif c in OPENERS:
            stack.append((c, i))
        elif c in CLOSERS or (c == '"' and stack and stack[-1][0] == '"'):
            if stack:
                _, start = stack.pop()
                if not stack and i - start <= _MAX_QUOTE:
                    spans.append((start + 1, i))
        elif c == '"':
            stack.append((c, i))
    return spans
