"""Attributions of a direct quote with no speech verb next to it.

Each finder returns (anchor token, speaker head token) or None:
  - a colon after a clause whose subject is a person: "le capitaine X ne cachait pas sa
    déception : « … »" (the colon hands the floor to the subject);
  - a verbless heading segment opening with a name: "Léon Marchand, champion olympique : « … »";
  - "Pour X, « … »": the source opens the sentence and the quote follows its comma;
  - a caption after the quote on its line: "« … » La présidente du tribunal";
  - a pointer in the next sentence: "« … » C'est par ces mots que la présidente a annoncé …",
    or "« … » : après ces mots du président, …";
  - a pull quote signed at the end of its line, with no marks: "… Je ne dirais pas ça.
    Christine Lagarde" (see signed_lines).
The speaker head must be a person, a role noun or a noun with a person in apposition.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from corroborate.crosscheck.parsed import Parsed
from corroborate.crosscheck.quotes.cues import is_cue, speaker_of
from corroborate.lexicon.marks import CLOSERS, FIRST_PERSON, OPENERS
from corroborate.lexicon.roles import person_roles

RULES = Path(__file__).parent / "rules"
_CAPTION_MAX = 10  # tokens of a caption line after a quote


@cache
def pointer_nouns() -> frozenset[str]:
    """Nouns that point back at a quote ("ces mots", "ces propos")."""
    text = (RULES / "quote_pointers.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _personal(p: Parsed, k: int) -> bool:
    """Whether a token heads a phrase naming a person: a name, a role, or a role with a name."""
    tok = p.tokens[k]
    if p.person(k) is not None:
        return True
    if tok.pos == "NOUN" and tok.lemma.lower() in person_roles():
        return True
    return any(p.tokens[c].dep == "appos" and p.person(c) is not None for c in p.children[k])


def colon_intro(p: Parsed, mark: int) -> tuple[int, int] | None:
    """ "<person> <verb> … : « … »": the subject of the clause ending with the colon."""
    before = p.text[:mark].rstrip()
    if not before.endswith(":"):
        return None
    colon = p.token_at(len(before) - 1)
    lo = p.text_sentence_start(colon)
    verbs = [
        k for k in range(lo, colon)
        if p.tokens[k].pos in ("VERB", "AUX") and p.tokens[k].dep in ("ROOT", "conj")
    ]
    for verb in verbs:
        subject = p.subject(verb)
        if subject is None or not lo <= subject < colon:
            continue
        # "il a réservé ses premiers mots : « … »": a singular pronoun is resolved like any
        # other speaker pronoun, to its nearest compatible antecedent.
        if _personal(p, subject) or p.tokens[subject].text.lower() in ("il", "elle"):
            return verb, subject
    return None


_SEGMENT_BREAKS = (":", " - ", " – ", " — ", "|")


def heading_intro(p: Parsed, mark: int) -> tuple[int, int] | None:
    """ "Léon Marchand, champion olympique : « … »": a verbless line segment that opens with a
    person's name and ends with the colon before the quote (interview and headline style)."""
    before = p.text[:mark].rstrip()
    if not before.endswith(":"):
        return None
    colon_at = len(before) - 1
    line_start = p.text.rfind("\n", 0, colon_at) + 1
    seg_start = line_start
    for brk in _SEGMENT_BREAKS:
        found = p.text.rfind(brk, line_start, colon_at)
        if found >= 0:
            seg_start = max(seg_start, found + len(brk))
    colon = p.token_at(colon_at)
    first = p.token_at(seg_start)
    while first < colon and not any(ch.isalpha() for ch in p.tokens[first].text):
        first += 1
    if first >= colon or p.tokens[first].idx < seg_start:
        return None
    person = p.person(first)
    if person is None or p.token_at(person.start) != first:
        return None
    if any(p.tokens[k].pos in ("VERB", "AUX") for k in range(first, colon)):
        return None
    return colon, first


def pour_source(p: Parsed, mark: int) -> tuple[int, int] | None:
    """ "Pour <person>, « … »" or "Pour <person>, cela constitue « … »": the person the
    sentence-opening "pour" names, when the quote follows its comma or a verb after it (a
    quote inside the opening phrase, "Pour X, alias « … »,", is a nickname, not a statement)."""
    at = p.token_at(mark)
    lo = p.text_sentence_start(at)
    if at - lo < 3 or p.tokens[lo].text.lower() != "pour":
        return None
    k = lo + 1
    while k < at and p.tokens[k].pos == "DET":
        k += 1
    if k >= at or p.tokens[k].pos not in ("NOUN", "PROPN") or not _personal(p, k):
        return None
    if p.tokens[at - 1].text == ",":
        return lo, k
    comma = next((j for j in range(k, at) if p.tokens[j].text == ","), None)
    if comma is None:
        return None
    marks = [j for j in range(comma, at) if p.tokens[j].text in OPENERS + CLOSERS + '"']
    verbs = [j for j in range(max(marks, default=comma), at)
             if p.tokens[j].pos in ("VERB", "AUX") and "VerbForm=Fin" in p.tokens[j].morph]
    if verbs and not any(is_cue(p, j) for j in range(comma, at)):
        return lo, k
    return None


def caption_after(p: Parsed, close: int) -> tuple[int, int] | None:
    """ "« … » La présidente du tribunal": a short verbless phrase ending the quote's line."""
    end = p.text.find("\n", close)
    rest = p.text[close + 1 : end if end >= 0 else len(p.text)]
    if not rest.strip() or any(c in rest for c in OPENERS + CLOSERS + '"'):
        return None
    first = p.token_at(close) + 1
    tokens = [k for k in range(first, len(p.tokens)) if p.tokens[k].idx < close + 1 + len(rest)]
    tokens = [k for k in tokens if p.tokens[k].text.strip() and p.tokens[k].text not in "—–-,"]
    if not tokens or len(tokens) > _CAPTION_MAX:
        return None
    if any(p.tokens[k].pos in ("VERB", "AUX") for k in tokens):
        return None
    for k in tokens:
        if p.tokens[k].pos in ("NOUN", "PROPN"):
            return (k, k) if _personal(p, k) else None
    return None


def pointer_after(p: Parsed, close: int) -> tuple[int, int] | None:
    """ "« … » C'est par ces mots que X a annoncé": the speaker of the next sentence's cue."""
    first = p.token_at(close) + 1
    while first < len(p.tokens) and p.tokens[first].pos in ("PUNCT", "SPACE"):
        first += 1
    if first >= len(p.tokens):
        return None
    _, hi = p.sentence_bounds(first)
    words = range(first, min(first + 8, hi + 1))
    pointers = [
        k for k in words
        if p.tokens[k].lemma.lower() in pointer_nouns()
        and any(p.tokens[c].lemma.lower() == "ce" for c in p.children[k])
    ]
    if not pointers:
        return None
    # "« … » : après ces mots du président de la cour, …": the words' author is the speaker.
    for c in p.children[pointers[0]]:
        cases = [p.tokens[j].text.lower() for j in p.children[c] if p.tokens[j].dep == "case"]
        if p.tokens[c].dep == "nmod" and cases[:1] in (["de"], ["du"], ["d'"], ["d’"]) \
                and _personal(p, c):
            return pointers[0], c
    for k in range(first, hi + 1):
        if is_cue(p, k):
            speaker = speaker_of(p, k)
            if speaker is not None and _personal(p, speaker):
                return k, speaker
    return None


_SIGNED_MIN = 20  # characters of a signed pull quote


def signed_lines(p: Parsed) -> list[tuple[int, int, int]]:
    """Pull quotes signed by a person's full name at the end of their line, with no marks:
    "Sommes-nous dans une phase de recul ? Je ne dirais pas ça. Christine Lagarde". The words
    before the name close a sentence and speak in the first person, so a caption or a credit
    line is not taken; the article names the person elsewhere too. Each as (start, end,
    speaker head token)."""
    found = []
    for m in p.analysis.mentions:
        # The recognizer may run a name on into the next line ("Christine Lagarde\nMercredi").
        name = m.text.split("\n", 1)[0].rstrip()
        if m.label != "PER" or len(name.split()) < 2:
            continue
        name_end = m.start + len(name)
        line_end = p.text.find("\n", name_end)
        line_end = len(p.text) if line_end < 0 else line_end
        if p.text[name_end:line_end].strip(" ."):
            continue
        line_start = p.text.rfind("\n", 0, m.start) + 1
        if line_start == 0:
            continue  # the first line is the title
        words = p.text[line_start : m.start].rstrip()
        if len(words) < _SIGNED_MIN or not words.endswith((".", "!", "?", "…")):
            continue
        if any(c in OPENERS + CLOSERS + '"' for c in words) or not FIRST_PERSON.search(words):
            continue
        # The speaker is that person where the article names them cleanly; the signature
        # itself may be glued to the next line's first word by the recognizer.
        clean = next((o for o in p.analysis.mentions if o.label == "PER"
                      and o.text.strip() == name), None)
        if clean is not None:
            found.append((line_start, line_start + len(words), p.token_at(clean.start)))
    return found
