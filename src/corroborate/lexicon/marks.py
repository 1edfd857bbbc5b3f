"""Quotation marks: the French and English openers and closers, and the spans they enclose."""

from __future__ import annotations

import re

OPENERS = "«“„"
CLOSERS = "»”"
_MAX_QUOTE = 1500
_MIN_OPEN_LINE = 20  # characters of an unclosed quote that runs to the end of its line
# A paragraph in the first person goes on with the statement an unclosed quote opened.
FIRST_PERSON = re.compile(r"(?<!\w)(?:je|moi|me|nous|mon|ma|mes|notre|nos|[jm]['’])(?!\w)",
                           re.IGNORECASE)


def _can_open(text: str, i: int) -> bool:
    """A straight mark that may open: not glued to a word or digit before it."""
    return i == 0 or not text[i - 1].isalnum()


def _can_close(text: str, i: int) -> bool:
    """A straight mark that may close: not glued to a word or digit after it."""
    return i + 1 >= len(text) or not text[i + 1].isalnum()


def quote_marks(text: str) -> list[tuple[int, int]]:
    """Character spans of the insides of top-level quotation marks, within one line each.

    Straight marks pair within their paragraph by direction: one glued to the word after it
    opens, one glued to the word before it closes, one between two digits (4'02"95) is no mark,
    so an odd mark never turns the narration between two quotes into a quote. A quote opened at
    the start of a line after a line ending with a colon and never closed on it (a statement
    running over several paragraphs) runs to the end of the line.
    """
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    line_start = 0
    for i, c in enumerate(text):
        if c == "\n":
            _open_line(text, stack, line_start, i, spans)
            stack = []
            line_start = i + 1
        elif c in OPENERS:
            stack.append((c, i))
        elif c in CLOSERS:
            if stack:
                _, start = stack.pop()
                if not stack and i - start <= _MAX_QUOTE:
                    spans.append((start + 1, i))
        elif c == '"':
            if stack and stack[-1][0] == '"' and _can_close(text, i):
                _, start = stack.pop()
                if not stack and i - start <= _MAX_QUOTE:
                    spans.append((start + 1, i))
            elif _can_open(text, i):
                stack.append((c, i))
    _open_line(text, stack, line_start, len(text), spans)
    return _run_on(text, spans)


def _run_on(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Carry a quote that runs to the end of its line over the paragraphs after it, as the
    French and English conventions do for a statement of several paragraphs: up to the first
    mark that closes with none opened before it, or through paragraphs in the first person that
    hold no mark at all."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start < out[-1][1]:
            continue  # inside the statement carried on above
        if end < len(text) and text[end] == "\n" and text[start - 1] in OPENERS + '"':
            end = _statement_end(text, start, end)
        out.append((start, end))
    return out


def _statement_end(text: str, start: int, end: int) -> int:
    """Where a statement left open at the end of its line ends, in the paragraphs after it."""
    pos = end
    while pos < len(text) and pos - start <= _MAX_QUOTE:
        nxt = text.find("\n", pos + 1)
        line_end = len(text) if nxt < 0 else nxt
        line = text[pos + 1 : line_end]
        if not line.strip():
            pos = line_end
            continue
        marks = [i for i, c in enumerate(line) if c in OPENERS + CLOSERS + '"']
        if marks:
            i = marks[0]
            closes = line[i] in CLOSERS or (line[i] == '"' and i > 0 and not line[i - 1].isspace())
            return pos + 1 + i if closes and line_end - start <= _MAX_QUOTE else end
        if not FIRST_PERSON.search(line) or line_end - start > _MAX_QUOTE:
            return end
        end = pos = line_end
    return end


def _open_line(text: str, stack: list[tuple[str, int]], line_start: int, end: int,
               spans: list[tuple[int, int]]) -> None:
    """An opener left alone on the stack at the end of a line it starts: a quote to line end."""
    if len(stack) != 1:
        return
    _, start = stack[0]
    if text[line_start:start].strip() or end - start > _MAX_QUOTE:
        return
    if any(spans_start > start for spans_start, _ in spans):
        return  # marks closed after it on the line: it was a stray mark, not an opening
    # Only after an introduction ending with a colon ("Léon Marchand, champion olympique :"):
    # a line that merely starts with a stray mark is narration.
    if not text[:line_start].rstrip().endswith(":"):
        return
    if len(text[start + 1 : end].strip()) >= _MIN_OPEN_LINE:
        spans.append((start + 1, end))
