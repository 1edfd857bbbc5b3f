"""Noise inside a body line: index tags, glued credits and bylines, tweet tails, labels."""

from __future__ import annotations

import re

from corroborate.extract.lang import foreign

Fragment = tuple[str, str]  # (exact text, reason)

INDEX_TAG = re.compile(r"^\s*(date (\d{4}-\d{2}) )")
_TWEET_TAIL = re.compile(
    r"pic\.twitter\.com/\S+\s*[—–-]+\s*[^\n()]{1,80}\(@\w+\)\s*\w+ \d{1,2}, \d{4}"
)
_TWEET_LINK = re.compile(r"(?:https?://t\.co/\w+\s*)?pic\.twitter\.com/\w+|https?://t\.co/\w+")
_PAREN_CREDIT = re.compile(
    r"\(\s*(?:[^()]{0,60}(?:/|\bAFP\b|\bReuters\b|\bAP\b|Getty|Shutterstock)[^()]{0,60}"
    r"|(?:Reportage|Rédaction|Édité par|Edité par|Avec|Texte|Photo)\b[^()]{0,100})\)$"
)
_LABEL = re.compile(r"^((?:Image|Photo|Crédit photo|Crédits?|Légende|Illustration)\s*:)\s*")
_GLUED_LABEL = re.compile(r"^(Abonné|Premium|Exclusif|Réservé aux abonnés)(?=[A-ZÀ-Ý«\"])")
_GLUED_BYLINE = re.compile(
    r"^([A-ZÀ-Ý][a-zà-ÿ]+(?:[- ][A-ZÀ-Ý][a-zà-ÿ]+)? [A-ZÀ-Ý]{2,}(?:[- ][A-ZÀ-Ý]{2,})?)"
    r"(?= [A-ZÀ-Ý])"
)
_TAIL = re.compile(r"(?<=[.!?»”])\s+([^.!?»”]{2,60})$")
_SEGMENT = re.compile(r"\[([^\[\]]{3,80})\]|\(([^()]{3,80})\)")


def _tail_credit(line: str) -> Fragment | None:
    """Capitalised words after the last sentence of a line: photo credit or glued byline."""
    match = _TAIL.search(line)
    if not match:
        return None
    tail = match.group(1).strip()
    tokens = tail.replace(",", " ").split()
    if not tokens or len(tokens) > 7 or any(c.isdigit() for c in tail):
        return None
    if "/" in tail or all(t.isupper() or not t.isalpha() for t in tokens):
        return tail, "photo credit"
    connectors = {"et", "de", "du", "pour", "avec", "–", "-"}
    if "," in tail and all(t[0].isupper() for t in tokens if t not in connectors):
        return tail, "byline glued to a paragraph"
    return None


def find_fragments(line: str, lang: str) -> list[Fragment]:
    """Noise fragments of one stripped body line (exact substrings of it)."""
    found: list[Fragment] = []
    for match in _TWEET_TAIL.finditer(line):
        found.append((match.group(0), "embedded tweet signature"))
    if not found:
        found.extend((m.group(0), "embedded tweet link") for m in _TWEET_LINK.finditer(line))
    if match := _PAREN_CREDIT.search(line):
        found.append((match.group(0), "photo credit or agency signature"))
    elif credit := _tail_credit(line):
        found.append(credit)
    if match := _LABEL.match(line):
        found.append((match.group(1), "caption label"))
    if match := _GLUED_LABEL.match(line):
        found.append((match.group(1), "subscription label"))
    if match := _GLUED_BYLINE.match(line):
        found.append((match.group(1), "byline glued to a paragraph"))
    for match in _SEGMENT.finditer(line):
        inner = match.group(1) or match.group(2)
        tokens = inner.split()
        common = [t for t in tokens if t[0].islower() and sum(c.isalpha() for c in t) >= 3]
        # Names and numbers read as any language: judge only segments with common words.
        if len(tokens) <= 8 and len(common) >= 0.4 * len(tokens) and (code := foreign(inner, lang)):
            found.append((match.group(0), f"foreign-language fragment ({code})"))
    return found


def remove_fragments(line: str, fragments: list[Fragment]) -> str:
    """The line without its fragments, spaces around each cut collapsed to one."""
    for text, _ in fragments:
        while text in line:
            start = line.index(text)
            before, after = line[:start].rstrip(" "), line[start + len(text):].lstrip(" ")
            line = f"{before} {after}" if before and after else before + after
    return line.strip()
