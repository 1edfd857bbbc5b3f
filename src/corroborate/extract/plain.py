"""Cleaning plain text: keep the article body, drop page chrome line by line, with reasons.

The cascade, in order: index tag, headline, chrome patterns (rules/noise_lines.json), the
header above the headline and the dated line just under it, repeated lines, lines in another
language, name-only lines, embedded-tweet signatures, glued fragments, related-article teasers,
then the line model (`learned.py`, coefficients in rules/line_model.json) on the lines the rules
left undecided, then short lines take the class of their neighbours (as jusText does),
a teaser headline ending the page, and short lines after the closing chrome (the footer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corroborate.extract.fragments import (
    INDEX_TAG,
    Fragment,
    find_fragments,
    remove_fragments,
)
from corroborate.extract.lang import detect_ahead, foreign
from corroborate.extract.learned import chrome_lines
from corroborate.extract.patterns import (
    chrome_reason,
    ends_sentence,
    has_date,
    is_date_only,
    is_names_only,
    normal,
    words,
)
from corroborate.extract.title import find_title_line, glued_title, is_body_paragraph
from corroborate.types import Removed

SHORT_LINE = 120
FOOTER_LINE = 60
FOREIGN_PROSE = 200  # a line in another language this long is prose, not chrome
_TEASER_STARTERS = (
    "Le|La|Les|Un|Une|Des|Ce|Cette|Ces|Il|Elle|Ils|Elles|Selon|Après|Avant|Pendant|Malgré"
)
# The glued sentence opens with a determiner or pronoun before a lower-case word: "Le" or "La"
# before a capital is a surname particle (Le Pen, La Fontaine), not a new sentence.
_GLUED_SENTENCE = re.compile(
    rf"^([^.,;:!?«»\"“”()]{{15,110}}[a-zà-ÿ]) (?:(?:{_TEASER_STARTERS}) [a-zà-ÿ]|L['’][a-zà-ÿ])"
)
_KICKER_HEADLINE = re.compile(r"^[^:.!?]{3,50}\s?:\s?\S")
# A sentence opens with a determiner or pronoun; a headline kicker ("Réforme des retraites:")
# opens with a noun.
_SENTENCE_OPENERS = {
    "le", "la", "les", "l", "un", "une", "des", "ce", "cette", "ces", "il", "elle", "ils",
    "elles", "on", "nous", "je", "son", "sa", "ses", "leur", "leurs", "mais", "et", "selon",
}
_TWEET = re.compile(r"pic\.twitter\.com/|\(@\w+\)\s*\w+ \d{1,2},? \d{4}")


@dataclass
class Line:
    """One line of the input and what the cleaner decided about it."""

    text: str  # stripped raw line
    label: str = ""  # "" (undecided), body, noise, title, blank
    reason: str = ""
    foreign: str | None = None  # language of a kept line in another language
    fragments: list[Fragment] = field(default_factory=list)

    @property
    def clean(self) -> str:
        """The line without its noise fragments."""
        return remove_fragments(self.text, self.fragments) if self.fragments else self.text

    def drop(self, reason: str) -> None:
        """Mark the line as noise for `reason` unless it is already decided."""
        if self.label in ("", "body"):
            self.label, self.reason = "noise", reason


@dataclass
class Cleaned:
    """Result of cleaning one plain-text page."""

    text: str
    title: str | None
    removed: list[Removed]
    month_hint: str | None = None  # YYYY-MM from a search-index tag
    header: list[str] = field(default_factory=list)  # removed lines, for date finding
    foreign: list[Removed] = field(default_factory=list)  # kept lines in another language


def clean_plain(raw: str, given_title: str | None = None, lang: str = "fr") -> Cleaned:
    """Split a plain-text page into title, body lines and removed noise."""
    content, title, month = rule_pass(raw, given_title, lang)
    if not content:
        return Cleaned("", given_title, [])
    _learned(content, title, lang)
    _neighbours(content)
    _end_teaser(content)
    _footer(content)
    return _assemble(content, title, month)


def rule_pass(
    raw: str, given_title: str | None = None, lang: str = "fr"
) -> tuple[list[Line], str | None, str | None]:
    """The page's non-blank lines after the line rules, before the line model: (lines, title,
    month of the index tag). The lines the rules left undecided are what the model sees."""
    lines = [Line(part.strip()) for part in raw.replace("\r\n", "\n").split("\n")]
    for line in lines:
        if not line.text:
            line.label = "blank"
    content = [line for line in lines if line.label != "blank"]
    if not content:
        return [], given_title, None
    month = _index_tag(content[0])
    title = _title(content, given_title)
    for line in content:
        if line.label == "" and (reason := chrome_reason(line.clean)):
            line.drop(reason)
    _header(content)
    _repeats(content, title)
    detect_ahead([line.clean for line in content if line.label == "" and _judged(line.clean)])
    for i, line in enumerate(content):
        if line.label == "":
            tweet = any(_TWEET.search(later.text) for later in content[i:i + 4])
            _line_signals(line, lang, first=i == 0, quoted_tweet=tweet)
    return content, title, month


def _learned(content: list[Line], title: str | None, lang: str) -> None:
    """Undecided lines the line model takes for chrome; a quoted tweet's lines and a date
    standing alone (a chronology's heading) are kept."""
    texts = [line.clean for line in content]
    labels = [line.label for line in content]
    for i, reason in chrome_lines(texts, labels, title, lang).items():
        if content[i].foreign is None and not is_date_only(texts[i]):
            content[i].drop(reason)


def _index_tag(first: Line) -> str | None:
    match = INDEX_TAG.match(first.text)
    if not match:
        return None
    first.fragments.append((match.group(1), "search-index date tag"))
    return match.group(2)


def _title(content: list[Line], given: str | None) -> str | None:
    texts = [line.clean for line in content]
    at = find_title_line(texts, given)
    if at is not None:
        content[at].label = "title"
        content[at].reason = "title repeated" if given else "headline"
        return given or texts[at]
    glued = glued_title(texts[0], given)
    if glued and glued.strip() == texts[0]:
        content[0].label, content[0].reason = "title", "headline with its kicker"
    elif glued:
        content[0].fragments.append((glued, "headline glued to the lead"))
    return given


def _header(content: list[Line]) -> None:
    """Short lines above the headline (or above the first paragraph) are kickers and menus;
    a short dated line between the headline and the first paragraph is its date line."""
    title_at = next((i for i, line in enumerate(content) if line.label == "title"), None)
    for i, line in enumerate(content):
        if title_at is not None and i >= title_at:
            _under_title(content[title_at + 1:])
            return
        text = line.clean
        if is_body_paragraph(text) or (title_at is None and len(words(text)) > 4):
            return
        if line.label == "" and not is_date_only(text):
            where = "above the headline" if title_at is not None else "above the article"
            line.drop(f"kicker, rubric or menu {where}")


def _under_title(below: list[Line]) -> None:
    for line in below:
        text = line.clean
        if is_body_paragraph(text) or ends_sentence(text):
            return
        if line.label == "" and len(text) < SHORT_LINE and has_date(text):
            line.drop("outlet or date line under the headline")


def _repeats(content: list[Line], title: str | None) -> None:
    """A line printed twice: the headline again, or a lead repeated further down."""
    target = normal(title) if title else None
    seen: dict[str, Line] = {}
    for line in content:
        key = normal(line.clean)
        if line.label in ("", "body") and target and key == target:
            line.drop("title repeated")
        elif key in seen and line.label in ("", "body") and len(key) >= 20:
            line.drop("repeated line")
        seen.setdefault(key, line)
    for i, line in enumerate(content):
        key = normal(line.clean)
        if line.label != "" or len(key) < 60:
            continue
        if any(key in normal(later.clean) and key != normal(later.clean)
               for later in content[i + 1:] if later.label in ("", "body")):
            line.drop("lead printed again below")


def _judged(text: str) -> bool:
    """Whether the line's language is judged: names read as any language, so only lines whose
    words are mostly common words are."""
    tokens = words(text)
    lower = [w for w in tokens if w[0].islower()]
    return len(lower) >= 3 and len(lower) >= 0.4 * len(tokens)


def _line_signals(line: Line, lang: str, first: bool, quoted_tweet: bool) -> None:
    """Signals read from the line alone: language, names, tweets, fragments, teasers.

    A line in another language is kept (and listed as foreign) when it is the text of an
    embedded tweet, a quoted primary source."""
    text = line.clean
    if _judged(text) and (code := foreign(text, lang)):
        # A paragraph of prose in another language is content (a bilingual page); chrome in
        # another language is short.
        if quoted_tweet or (len(text) >= FOREIGN_PROSE and text[:1] not in "«\"“"):
            line.foreign = code
        else:
            line.drop(f"line in another language ({code})")
            return
    if is_names_only(text):
        line.drop("byline or credit line (names only)")
        return
    line.fragments.extend(find_fragments(line.text, lang))
    rest = line.clean
    if line.fragments and len([w for w in words(rest) if not w.startswith("#")]) < 3:
        line.fragments.clear()
        line.drop("embedded tweet or credit line")
        return
    match = _GLUED_SENTENCE.match(rest)
    if not first and match and len(rest) < 300 and len(words(match.group(1))) >= 4:
        line.drop("related-article teaser")


def _is_short(line: Line) -> bool:
    text = line.clean
    return len(text) < SHORT_LINE and not ends_sentence(text)


def _neighbours(content: list[Line]) -> None:
    """Undecided short lines between chrome (or chrome and the page edge) are chrome too."""
    decided = [line.label or ("" if _is_short(line) else "body") for line in content]
    for i, line in enumerate(content):
        if line.label != "" or not _is_short(line):
            continue
        before = next((d for d in reversed(decided[:i]) if d), "edge")
        after = next((d for d in decided[i + 1:] if d), "edge")
        sides = {before, after}
        if sides <= {"noise", "edge"} and "noise" in sides:
            line.drop("short line between chrome lines")


def _end_teaser(content: list[Line]) -> None:
    """A headline-like last line after the body: a teaser for another article."""
    last = content[-1]
    text = last.clean
    opener = re.split(r"[\s'’]", text, maxsplit=1)[0].lower()
    if (last.label == "" and len(content) > 2 and _is_short(last) and len(text) < 90
            and _KICKER_HEADLINE.match(text) and opener not in _SENTENCE_OPENERS):
        last.drop("teaser headline after the body")


def _footer(content: list[Line]) -> None:
    """Short lines that end the page after chrome belong to the footer, even when punctuated
    ('Vous aimez ? Partagez !'): the body does not resume below its closing chrome."""
    tail: list[Line] = []
    for line in reversed(content):
        if line.label == "noise":
            break
        if line.label != "" or len(line.clean) >= FOOTER_LINE or len(words(line.clean)) > 8:
            return
        tail.append(line)
    else:
        return
    for line in tail:
        line.drop("short line in the page footer")


def _assemble(content: list[Line], title: str | None, month: str | None) -> Cleaned:
    kept: list[str] = []
    removed: list[Removed] = []
    header: list[str] = []
    foreign: list[Removed] = []
    for line in content:
        if line.label in ("noise", "title"):
            removed.append(Removed(line.text, line.reason))
            header.append(line.clean)
            if line.label == "title":
                removed.extend(Removed(t, r) for t, r in line.fragments)
            continue
        removed.extend(Removed(t, r) for t, r in line.fragments)
        if line.clean:
            kept.append(line.clean)
            if line.foreign:
                reason = f"quoted text in another language ({line.foreign})"
                foreign.append(Removed(line.clean, reason))
    return Cleaned("\n".join(kept), title, removed, month, header, foreign)
