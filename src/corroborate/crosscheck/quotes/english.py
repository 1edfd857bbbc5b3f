"""English attributions read off the words, for English pages analysed without a parse.

With no English model the analysis is a tokenizer and a sentencizer, so the French cues (the
parse around a speech verb) find no speaker. English newswire attributes a direct quote in a
few fixed orders right next to its marks: '"…," said NAME', '"…," NAME said', '"…" NAME wrote.'
and 'NAME said: "…"'. Only those orders are read, with a verb of `SPEECH_VERBS` and a name of
capitalised words; a pronoun ("he said") or a common noun ("the company said") is no name, and
the quote keeps no speaker rather than a guessed one. The name is the person a tagged mention
inside it names, else its last two capitalised words ("Crowdstrike CEO George Kurtz" → "George
Kurtz"); lower-case role words before it are skipped ("said Valencia's regional president
Carlos Mazón").

A pronoun after the quote ('"…," he said') speaks for the person the sentence right before
the quote has speaking ('NAME[, an apposition,] said|told|… that …') or, failing that, the one
person that sentence names, as the subject it opens on; a sentence that itself opens on "He" or
"She" hands on to the one before it. Nothing else is taken for its antecedent: with no such
sentence the quote keeps no speaker.
"""

from __future__ import annotations

import re

from corroborate.types import Mention, QuoteMention

SPEECH_VERBS = (r"(?:said|says|wrote|writes|added|adds|told|tells|stated|explained|noted|posted"
                r"|tweeted)")
_CAP = r"[A-Z][\w'’.-]*"
NAME = rf"{_CAP}(?:\s+(?:{_CAP}|de|del|da|van|von|der|al))*"
NOT_NAMES = {"He", "She", "They", "It", "We", "I", "You", "The", "A", "An", "This", "That",
             "These", "Those", "His", "Her", "Their", "Its", "Our", "But", "And", "Then"}
CLOSE = r"[\"”»]"
OPEN = r"[\"“«]"
# Lower-case words between an organisation and a name are its role ("said Harbour Authority
# chief Maren Holt"); a function word ends the attribution ("said Holt on Tuesday").
FUNCTION = r"(?:on|in|at|to|for|from|after|before|during|with|of|by|and|or|the|a|an|that|as)"
ROLE = rf"(?:(?:{NAME})\s+)?(?:(?!{FUNCTION}\b)[a-z]+\s+){{0,3}}"
AFTER = re.compile(
    rf"^\s*(?:{SPEECH_VERBS}\s+{ROLE}(?P<n1>{NAME})|(?P<n2>{NAME})\s+{SPEECH_VERBS}\b)"
)
# The name opens its clause: a sentence, a line, or the words after a comma.
BEFORE = re.compile(rf"(?:^|[.!?]\s+|,\s+|\n)(?P<n>{NAME})\s+{SPEECH_VERBS}\s*[:,]\s*{OPEN}?\s*$")
REACH = 120  # characters before a quote searched for 'NAME said: '
PRONOUN = re.compile(rf"^\s*(?:(?:he|she)\s+{SPEECH_VERBS}|{SPEECH_VERBS}\s+(?:he|she))\b")
# The sentence before the quote opens on its speaker: "Maren Holt, the harbour chief, said …".
SPEAKING = re.compile(rf"^(?P<n>{NAME})(?:,[^,.!?]{{1,120}},)?\s+{SPEECH_VERBS}\b")
PREVIOUS_REACH = 400  # characters before a quote read for the sentence before it
# A sentence that opens on one person as its subject, past an adverb and a role set off by
# commas: "Meanwhile, the prime minister of Portugal, Luis Montenegro, has reassured …".
SUBJECT = re.compile(
    rf"^(?:[A-Z][a-z]+,\s+)?(?:the\s[^,.!?]{{1,80}},\s+)?(?P<n>{NAME})(?:,[^,.!?]{{1,120}},)?"
    rf",?\s+(?:has|had|was|is|will|would|\w+ed)\b"
)
PRONOUN_SUBJECT = re.compile(r"^(?:He|She)\s")


def attribute(text: str, quotes: list[QuoteMention], mentions: list[Mention]) -> None:
    """Give a speaker to each direct quote of an English text that has none, from the words
    right after its closing mark or right before its opening one."""
    for q in quotes:
        if q.speaker or q.kind != "direct":
            continue
        found = _after(text, q.end) or _before(text, q.start)
        if found is None and (verb := _pronoun_after(text, q.end)):
            # Attributed, if only to a pronoun: never the continuation of an earlier quote.
            q.cue = verb
            found = _previous_speaker(text, q.start, mentions)
        if found is None:
            continue
        start, end = found
        q.speaker, q.speaker_start = _name(text, start, end, mentions)


def _after(text: str, end: int) -> tuple[int, int] | None:
    # Past the closing mark (and the comma or full stop inside or outside it).
    m = re.match(rf"[,.!?]?\s*{CLOSE}?\s*,?", text[end:])
    at = end + (m.end() if m else 0)
    found = AFTER.match(text[at : at + REACH])
    if not found:
        return None
    group = "n1" if found.group("n1") else "n2"
    return _trimmed(text, at + found.start(group), at + found.end(group))


def _pronoun_after(text: str, end: int) -> str | None:
    """The speech verb of a pronoun attribution right after a quote ('"…," he said')."""
    m = re.match(rf"[,.!?]?\s*{CLOSE}?\s*,?", text[end:])
    at = end + (m.end() if m else 0)
    found = PRONOUN.match(text[at : at + REACH])
    return re.sub(r"\b(?:he|she)\b", "", found.group()).strip() if found else None


def _sentence_before(text: str, at: int) -> tuple[int, str] | None:
    """The sentence that ends right before offset `at` (past an opening mark), with its start."""
    lo = max(0, at - PREVIOUS_REACH)
    window = re.sub(rf"{OPEN}\s*$", "", text[lo:at])
    if not re.search(r"[.!?]\s*$", window):
        return None  # what follows does not open a sentence of its own
    body = window.rstrip()[:-1]
    cut = max(body.rfind(". "), body.rfind("! "), body.rfind("? "), body.rfind("\n"))
    sentence = text[lo + cut + 1 : lo + len(body)]
    lead = len(sentence) - len(sentence.lstrip())
    return lo + cut + 1 + lead, sentence.strip()


def _previous_speaker(text: str, start: int, mentions: list[Mention]) -> tuple[int, int] | None:
    """The speaker the sentence right before a quote has speaking ("NAME, a role, said …"),
    else the one person it opens on as subject ("Meanwhile, the prime minister, Luis
    Montenegro, has reassured …"); a sentence that opens on the pronoun itself ("He was
    speaking …") hands on to the sentence before it, once."""
    at = start
    for _ in range(2):
        found = _sentence_before(text, at)
        if found is None:
            return None
        sentence_at, sentence = found
        said = SPEAKING.match(sentence)
        if said:
            return _trimmed(text, sentence_at + said.start("n"), sentence_at + said.end("n"))
        subject = SUBJECT.match(sentence)
        people = {m.text for m in mentions if m.label == "PER"
                  and sentence_at <= m.start < sentence_at + len(sentence)}
        if subject and len(people) == 1:
            a, b = sentence_at + subject.start("n"), sentence_at + subject.end("n")
            if any(m.label == "PER" and a <= m.start and m.end <= b for m in mentions):
                return _trimmed(text, a, b)
        if not PRONOUN_SUBJECT.match(sentence):
            return None
        at = sentence_at
    return None


def _before(text: str, start: int) -> tuple[int, int] | None:
    lo = max(0, start - REACH)
    window = text[lo:start]
    # The quote's own opening mark may sit just before its span.
    window = re.sub(rf"{OPEN}\s*$", "", window)
    found = BEFORE.search(window)
    if not found:
        return None
    return _trimmed(text, lo + found.start("n"), lo + found.end("n"))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    words = list(re.finditer(r"\S+", text[start:end]))
    # A sentence's first word before the name ("Later Trump said") is not part of it.
    while words and words[0].group().rstrip(".,") in NOT_NAMES:
        words.pop(0)
    if not words or any(w.group() in NOT_NAMES for w in words):
        return None
    last = words[-1].group()
    return start + words[0].start(), start + words[-1].start() + len(last.rstrip(".,;:!?"))


def _name(text: str, start: int, end: int, mentions: list[Mention]) -> tuple[str, int]:
    inside = [m for m in mentions if m.label == "PER" and start <= m.start and m.end <= end]
    if inside:
        best = max(inside, key=lambda m: m.end - m.start)
        return best.text, best.start
    words = list(re.finditer(r"\S+", text[start:end]))[-2:]
    return text[start + words[0].start() : end], start + words[0].start()
