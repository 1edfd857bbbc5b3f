"""Bytes to text: size, emptiness, binary and encoding checks before any parsing."""

from __future__ import annotations

import re
import unicodedata

from corroborate.errors import CorroborateError, E

# Control characters other than tab, newline, carriage return and form feed betray binary data.
_TEXT_CONTROLS = {9, 10, 12, 13}
_MAX_CONTROL_SHARE = 0.01
_MIN_LETTER_SHARE = 0.5


def scrub_surrogates(text: str) -> str:
    """Join escaped surrogate pairs and replace lone surrogates (legal in JSON) with U+FFFD."""
    if not any("\ud800" <= c <= "\udfff" for c in text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


# Characters XML (and so lxml) refuses anywhere in a tree: C0 controls but tab, LF and CR.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(markup: str) -> str:
    """Markup without the control characters lxml refuses (a stray BEL in scraped HTML)."""
    return _XML_INVALID.sub("", markup)


def looks_binary(data: bytes) -> bool:
    """True when the bytes hold NULs or many control characters, as binary files do."""
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROLS)
    return controls > _MAX_CONTROL_SHARE * max(len(sample), 1)


def _looks_like_text(text: str) -> bool:
    """True when most non-space characters are letters, digits or common punctuation."""
    visible = [c for c in text[:65536] if not c.isspace()]
    if not visible:
        return False
    good = sum(1 for c in visible if unicodedata.category(c)[0] in "LNP")
    return good / len(visible) >= _MIN_LETTER_SHARE


def decode(data: bytes, origin: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM), else cp1252 when the result reads as text."""
    if not data.strip():
        raise CorroborateError(E.E002, origin)
    if looks_binary(data):
        raise CorroborateError(E.E003, origin)
    for encoding in ("utf-8-sig", "utf-8"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            reason = f"invalid UTF-8 at byte {error.start}"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        detail = f"not UTF-8 nor cp1252 ({error.reason})"
        raise CorroborateError(E.E004, origin, detail=detail) from None
    if not _looks_like_text(text):
        raise CorroborateError(E.E004, origin, detail=reason)
    return text
