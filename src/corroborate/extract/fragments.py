"""Noise inside a body line: index tags, glued credits and bylines, tweet tails, labels."""

from __future__ import annotations

import re

from corroborate.extract.lang import foreign

Fragment = tuple[str, str]  # (exact text, reason)

INDEX_TAG = re.compile(r"^\s*(date (\d{4}-\d{2})(?:-\d{2})? )")
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
# A credit in brackets anywhere in a line: agency and photographer in capitals.
_BRACKET_CREDIT = re.compile(r"\[(?:[A-ZÀ-Ý][A-ZÀ-Ý.'’]+(?:\s*[-–/,]\s*|\s+)){1,6}[A-ZÀ-Ý]{2,}\]")
# A byline and time stamp glued inside a lead, as English news pages print them ('By Ann Lee,
# Staff Posted Nov 6, 2024 5:11 AM CST Copied'), each with the share tool's word after it.
_GLUED_STAMP = re.compile(
    r"(?:\bBy (?:[A-Z][\w.'’-]+ ){1,3}[A-Z][\w.'’-]+(?:, [A-Z][\w ]{2,40}?)? )?"
    r"\b(?:Posted|Updated|Published)(?: on)? [A-Z][a-z]{2,8}\.? \d{1,2}, \d{4},? "
    r"\d{1,2}:\d{2}\s?[AP]M(?: [A-Z]{2,4})?(?: (?:Copied|Copy link|Share))?"
)
# A photo credit in parentheses inside a line: '(AP Photo/Evan Vucci)'.
_INLINE_CREDIT = re.compile(r"\((?:[A-Z]{2,8} )?Photos?\s?/\s?[^()]{2,50}\)")
# A transcript's timecode glued to the words it stamps ('00:15puisque ...').
_TIMECODE = re.compile(r"^(\d{1,2}:\d{2})(?=[^\W\d_])")
# Words that open a sentence, never a byline or a credit ('Le DJ Kavinsky', 'C'est', 'Tous,').
_OPENERS = {
    "le", "la", "les", "l", "un", "une", "des", "ce", "cette", "ces", "c", "tous", "toutes",
    "tout", "il", "elle", "ils", "elles", "on", "en", "au", "aux", "du", "de", "the", "a",
}
# A link to the full item glued after a summary's last sentence ('... Lire l'article.').
_READ_MORE = re.compile(r"(?<=[.!?»”])\s*(Lire (?:l['’]article|la brève|la suite))\.?$")
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
    if _opener(tokens[0]):
        return None
    capitals = any(t.isupper() and t.isalpha() and len(t) >= 2 for t in tokens)
    if "/" in tail or (capitals and all(t.isupper() or not t.isalpha() for t in tokens)):
        return tail, "photo credit"
    connectors = {"et", "de", "du", "pour", "avec", "–", "-"}
    names = [t for t in tokens if t not in connectors]
    if "," in tail and len(names) >= 2 and all(t[0].isupper() for t in names):
        return tail, "byline glued to a paragraph"
    return None


def _opener(token: str) -> bool:
    return re.split(r"['’]", token.lower(), maxsplit=1)[0].strip(",") in _OPENERS


def find_fragments(line: str, lang: str) -> list[Fragment]:
    """Noise fragments of one stripped body line (exact substrings of it)."""
    found: list[Fragment] = []
    for match in _TWEET_TAIL.finditer(line):
        found.append((match.group(0), "embedded tweet signature"))
    if not found:
        found.extend((m.group(0), "embedded tweet link") for m in _TWEET_LINK.finditer(line))
    for match in _GLUED_STAMP.finditer(line):
        found.append((match.group(0), "byline or time stamp glued to a paragraph"))
    found.extend((m.group(0), "photo credit") for m in _INLINE_CREDIT.finditer(line))
    if match := _READ_MORE.search(line):
        found.append((match.group(0).strip(), "link to the full article"))
        line = line[: match.start()]
    if match := _PAREN_CREDIT.search(line):
        found.append((match.group(0), "photo credit or agency signature"))
    elif credit := _tail_credit(line):
        found.append(credit)
    if match := _LABEL.match(line):
        found.append((match.group(1), "caption label"))
    if match := _GLUED_LABEL.match(line):
        found.append((match.group(1), "subscription label"))
    if (match := _GLUED_BYLINE.match(line)) and not _opener(match.group(1).split()[0]):
        found.append((match.group(1), "byline glued to a paragraph"))
    if match := _TIMECODE.match(line):
        found.append((match.group(1), "transcript timecode"))
    found.extend((m.group(0), "photo credit") for m in _BRACKET_CREDIT.finditer(line))
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
