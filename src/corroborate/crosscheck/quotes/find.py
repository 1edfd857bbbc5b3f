"""Quotes of one article: direct quotes in quotation marks and indirect (reported) speech.

Direct quotes are spans between « », “ ”, „ “ or straight double quotes; any opening mark may be
closed by any closing mark, because machine translations mix them (“ … »). A quote is
attributed through a speech verb next to it (", a déclaré X", "X a déclaré : « … »",
"s'est dit « … »"), else through a speech verb elsewhere in its sentence.

Scare quotes: a quoted fragment of one to three words inside a sentence (« fermement »,
"désescalade") is a word the writer highlights, not a statement, and is left out of the list.
A short fragment is kept only when it opens a sentence or follows a colon (« Une fable ! »,
s'est emporté X), when it is the nominal object of a speech verb ("a fustigé une « décision
politique »", not under a future or conditional verb), or when a "Pour X," sentence gives its
source ("Pour X, cela constitue « un terrible échec »"). A quoted phrase with no verb and no
attribution inside a sentence (a charge, a title: « recel de violation du secret
professionnel ») is a term, not a quote, and is dropped too.

A quote with no speech verb near it may still be attributed by a verbless frame (a colon after
a person's clause, a verbless "Name, role :" heading, "Pour X, « … »", a caption after it, "C'est
par ces mots que X a …", "après ces mots du président"): see corroborate.crosscheck.quotes.frames.
An incise is read after a comma inside the marks ('"…," a déclaré X') and never across a closed
sentence (« … chevronnée. » Il précise que …).

An attribution inside the marks (« A, a confié X. B ») splits the quote into its two parts, also
when a page without spaces glues it to the words (« A,note X,sa présidente. B »).
A direct quote with no attribution of its own that follows, within a few sentences, a direct
quote with a speaker continues that statement and gets the same speaker; a quoted line standing
alone (a heading) or one followed by a verb of its own does not.

Indirect quotes are clauses reported by a speech verb: "X a déclaré que <clause>",
"<clause>, a averti X" (inverted, also "a-t-il dit"), "selon X, <clause>" and "<clause>, selon X".
Reported clauses inside a direct quote, mostly made of one, or nested in another reported
clause ("X a déclaré que Y avait averti que …": only X's statement is kept) are dropped. Under
"selon" or an inverted incise, a statement that starts with its own reporting verb ("Selon X, Y a
déclaré que S", "Y a souligné que S, a dit X") is cut to S, and X, the source the article names,
is its speaker; "selon les sources" (depending on the sources) names no one.
Speakers are resolved by corroborate.crosscheck.entities.speakers (names, roles, pronouns); an
English page analysed without a parse is read by corroborate.crosscheck.quotes.english.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from corroborate.crosscheck.entities import SpeakerResolver
from corroborate.crosscheck.parsed import Parsed
from corroborate.crosscheck.quotes.cues import (
    QUE,
    SELON,
    cue_after,
    cue_before,
    cue_in_sentence,
    cue_lemma,
    incise_verb,
    inverted,
    is_cue,
    person_or_role,
    selon_source,
    speaker_of,
    speech_form,
    time_words,
)
from corroborate.crosscheck.quotes.english import attribute
from corroborate.crosscheck.quotes.frames import (
    caption_after,
    colon_intro,
    heading_intro,
    pointer_after,
    pour_source,
    signed_lines,
)
from corroborate.crosscheck.quotes.groups import group_quotes
from corroborate.lexicon.marks import quote_marks
from corroborate.lexicon.roles import person_roles
from corroborate.types import Analysis, Article, QuoteMention

__all__ = ["find_quotes", "group_quotes"]

RULES = Path(__file__).parent / "rules"
_WORD = re.compile(r"\w+", re.UNICODE)
CONTINUATION_GAP = 250  # characters between two quotes of one speaker with no new attribution


@dataclass
class _Candidate:
    start: int
    end: int
    kind: str
    cue: int | None  # token index of the cue verb, or of "selon"
    speaker: int | None  # head token of the speaker phrase
    framed: bool = False  # attributed by a verbless frame (colon, caption), not an incise


def _embedded(p: Parsed, mark: int) -> bool:
    """Whether an opening mark sits inside a sentence (not at its start, not after a colon)."""
    before = p.text[:mark].rstrip()
    return bool(before) and before[-1] not in ".!?:\n"


def _short_scare(p: Parsed, mark: int, start: int, end: int) -> bool:
    """One to three quoted words that neither open a sentence nor follow a colon, nor are the
    words a speech verb reports ("a fustigé une « décision politique »") or a "Pour X,"
    sentence gives its source."""
    if len(_WORD.findall(p.text[start:end])) > 3 or not _embedded(p, mark):
        return False
    return not _reported_words(p, start, end) and pour_source(p, mark) is None


def _reported_words(p: Parsed, start: int, end: int) -> bool:
    """Whether a quoted phrase of several words is the nominal object of a speech verb."""
    first, last = p.token_at(start), p.token_at(end - 1)
    words = [k for k in range(first, last + 1) if any(c.isalpha() for c in p.tokens[k].text)]
    if len(words) < 2:
        return False
    roots = [k for k in range(first, last + 1) if not first <= p.tokens[k].head <= last]
    roots = [k for k in roots if p.tokens[k].pos in ("NOUN", "PROPN", "VERB")]
    if len(roots) != 1:
        return False
    root = p.tokens[roots[0]]
    # The parser often hangs the object on the verb as an oblique ("fustigé la veille une …").
    # A predicate of a reported clause ("estimé que X serait une « erreur colossale »") is a
    # word inside the reported statement, which its own quote already carries.
    verb = p.tokens[root.head]
    # "Washington répondra de « façon résolue »": a verb in the future or conditional
    # announces, it reports no words.
    planned = "Tense=Fut" in verb.morph or "Mood=Cnd" in verb.morph
    return root.dep in ("obj", "obl:mod", "obl:arg") and root.head < first \
        and not planned and is_cue(p, root.head)


def _term(p: Parsed, mark: int, start: int, end: int) -> bool:
    """A quoted name or term: no verb inside and words on both sides in its sentence."""
    first, last = p.token_at(start), p.token_at(end - 1)
    if any(p.tokens[k].pos in ("VERB", "AUX") for k in range(first, last + 1)):
        return False
    return _embedded(p, mark)


def _epithet(p: Parsed, mark: int, start: int, end: int, close: int) -> bool:
    """ "« Ému », X a décrit …": up to three quoted words with no verb and no closing
    punctuation, opening a sentence and set off by a comma with no speech verb after it,
    describe the subject; they say nothing."""
    words = _WORD.findall(p.text[start:end])
    if len(words) > 3 or p.text[start:end].rstrip().endswith(("!", "?", ".", "…")):
        return False
    if _embedded(p, mark):
        return False
    if not p.text[close + 1 :].lstrip(" ").startswith(","):
        return False
    first, last = p.token_at(start), p.token_at(end - 1)
    return not any(p.tokens[k].pos in ("VERB", "AUX") for k in range(first, last + 1))


def _quoted_cue(p: Parsed, start: int, end: int) -> tuple[int, int] | None:
    """ "Gisèle Pélicot « estime qu'elle n'a pas à se cacher »": a quote that opens on a speech
    verb whose subject stands before the marks is attributed by that verb: (verb, subject)."""
    last = p.token_at(end - 1)
    first = next((k for k in range(p.token_at(start), last + 1)
                  if p.tokens[k].pos not in ("ADV", "PUNCT", "SPACE")), None)
    if first is not None and p.tokens[first].pos == "AUX":
        # "« a estimé que … »": the auxiliary opens the quote, the verb follows it.
        first = next((k for k in range(first, last + 1) if p.tokens[k].pos == "VERB"), None)
    if first is None or p.tokens[first].pos != "VERB":
        return None
    if not is_cue(p, first) and speech_form(p.tokens[first].text) is None:
        return None
    opening = p.token_at(start) - 1
    subject = p.subject(first, climb=False)
    if subject is None:
        subject = _phrase_before(p, opening)
    if subject is None or subject >= opening or not person_or_role(p, subject):
        return None
    return first, subject


def _phrase_before(p: Parsed, mark: int) -> int | None:
    """The head of the noun phrase that ends right before token `mark`, past an apposition
    ("Gisèle Pélicot, 72 ans, « … »"), within the sentence."""
    k = mark - 1
    while k >= 0 and p.tokens[k].pos in ("PUNCT", "SPACE"):
        k -= 1
    if k < 0 or p.sentence_of[k] != p.sentence_of[mark]:
        return None
    while not person_or_role(p, k) \
            and p.tokens[k].dep in ("nmod", "flat:name", "appos", "amod", "nummod") \
            and p.tokens[k].head < k and p.sentence_of[p.tokens[k].head] == p.sentence_of[k]:
        k = p.tokens[k].head
    return k if p.tokens[k].pos in ("NOUN", "PROPN") else None


def _incise(p: Parsed, start: int, end: int) -> tuple[int, int, int] | None:
    """An attribution inside a quote (« A, a confié X. B ») as (cue, its start, its end)."""
    first, last = p.token_at(start), p.token_at(end - 1)
    for k in range(first + 1, last):
        if not (cue_lemma(p, k, incise=True) or incise_verb(p, k)) or not inverted(p, k):
            continue
        comma = k - 1
        while comma > first and p.tokens[comma].text not in (",", "–", "-"):
            comma -= 1
        stop = next(
            (j for j in range(k + 1, min(k + 15, last)) if p.tokens[j].text in (".", ",", "–")),
            None,
        )
        if stop is not None and comma > first:
            return k, p.tokens[comma].idx, p.end(_attribution_end(p, stop, last))
    return None


_GLUED_CUE = re.compile(r"[,;]\s*([^\W\d_]+)\s*$")
_APPOSITION_MAX = 60  # characters of a role set off after the name of a glued incise


def _glued_incise(p: Parsed, start: int, end: int) -> tuple[int, int, int, int] | None:
    """An incise the tokenizer glued to the quote's words, on pages with no space after commas
    (« … [à venir],note Christine Lagarde,sa présidente. Nous … »): (cue token, speaker token,
    cut, resume), the cue a speech verb form right before a person's name."""
    for m in p.analysis.mentions:
        if m.label != "PER" or not start < m.start < m.end < end:
            continue
        found = _GLUED_CUE.search(p.text[start : m.start])
        if found is None or speech_form(found.group(1)) is None:
            continue
        cut, resume = start + found.start(), m.end
        if p.text.startswith(",", resume):
            stop = min((i for i in (p.text.find(c, resume + 1, end) for c in ".,;") if i > 0),
                       default=-1)
            if stop < 0 or stop - resume > _APPOSITION_MAX:
                continue
            resume = stop
        if resume < end and p.text[resume] not in ".,;":
            continue  # the name goes on into the sentence: not an incise
        return p.token_at(start + found.start(1)), p.token_at(m.start), cut, resume + 1
    return None


def _attribution_end(p: Parsed, stop: int, last: int) -> int:
    """Carry an attribution inside a quote past the comma that seems to end it when what
    follows still belongs to it: an apposed name, a date or time, a participial or
    prepositional complement (", François Martin, samedi soir, en annonçant …")."""
    while p.tokens[stop].text == "," and stop + 1 < last:
        nxt = p.tokens[stop + 1]
        carries = (
            p.person(stop + 1) is not None
            or nxt.lemma.lower() in time_words()
            or nxt.pos in ("NUM", "ADP")
        )
        if not carries:
            break
        stop = next((j for j in range(stop + 2, last) if p.tokens[j].text in (".", ",", "–")),
                    last)
    return stop


def _frame(p: Parsed, mark: int, close: int) -> tuple[int, int] | None:
    """A verbless attribution around a quote: colon, "Pour X,", caption or pointer."""
    return (
        colon_intro(p, mark)
        or heading_intro(p, mark)
        or pour_source(p, mark)
        or caption_after(p, close)
        or pointer_after(p, close)
    )


def _direct(p: Parsed) -> list[_Candidate]:
    found = []
    for open_in, close in quote_marks(p.text):
        start, end = p.clean_span(open_in, close, " \n\t")
        if end <= start or not _WORD.search(p.text[start:end]):
            continue
        if _short_scare(p, open_in - 1, start, end):
            continue
        incise = _incise(p, start, end)
        glued = _glued_incise(p, start, end) if incise is None else None
        if incise is not None or glued is not None:
            if incise is not None:
                cue, cut, resume = incise
                speaker = speaker_of(p, cue)
            else:
                cue, speaker, cut, resume = glued
            for a, b in ((start, cut), (resume, end)):
                a, b = p.clean_span(a, b, " \n\t,.")
                if _WORD.search(p.text[a:b]):
                    found.append(_Candidate(a, b, "direct", cue, speaker))
            continue
        cue = cue_after(p, close)
        if cue is None and _epithet(p, open_in - 1, start, end, close):
            continue
        if cue is None and (inside := _quoted_cue(p, start, end)) is not None:
            found.append(_Candidate(start, end, "direct", *inside))
            continue
        if cue is None:
            cue = cue_before(p, open_in - 1)
        if cue is None:
            cue = cue_in_sentence(p, p.token_at(close))
        if cue is None:
            frame = _frame(p, open_in - 1, close)
            if frame is not None:
                found.append(_Candidate(start, end, "direct", *frame, framed=True))
                continue
        if cue is None and _term(p, open_in - 1, start, end):
            continue
        speaker = speaker_of(p, cue) if cue is not None else None
        found.append(_Candidate(start, end, "direct", cue, speaker))
    for start, end, speaker in signed_lines(p):
        start, end = p.clean_span(start, end, " \n\t")
        found.append(_Candidate(start, end, "direct", speaker, speaker, framed=True))
    return found


@cache
def que_locutions() -> frozenset[str]:
    """Words that turn a following "que" into a conjunction ("alors que")."""
    text = (RULES / "que_locutions.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _reported_clause(p: Parsed, verb: int) -> tuple[int, int] | None:
    """The "que" clause a speech verb introduces: after "que" up to the next attribution."""
    _, hi = p.sentence_bounds(verb)
    for k in range(verb + 1, min(verb + 12, hi + 1)):
        tok = p.tokens[k]
        if tok.text.lower() in QUE:
            if p.tokens[k - 1].text.lower() in que_locutions():
                return None
            return p.end(k), p.end(_clause_end(p, k + 1, hi))
        if tok.pos in ("VERB", "AUX") or tok.text in (".", ";", ":", "!", "?", ","):
            return None
    return None


def _clause_end(p: Parsed, start: int, hi: int) -> int:
    """Last token of a reported clause: the sentence end, or before a later speech verb."""
    for k in range(start + 1, hi + 1):
        if p.tokens[k].text == ";":
            return k - 1
        if p.tokens[k].text == "," and k + 1 <= hi and _returns_to_main(p, k + 1):
            return k - 1
        if is_cue(p, k) and (p.tokens[k - 1].pos == "AUX" or p.tokens[k - 1].text == ","):
            j = k - 1
            while j > start and (
                p.tokens[j].pos in ("AUX", "ADV", "CCONJ", "PRON")
                or p.tokens[j].text == ","
                or p.tokens[j].text.startswith("-")
            ):
                j -= 1
            return j
    return hi


def _returns_to_main(p: Parsed, k: int) -> bool:
    """Whether a comma is followed by a finite verb: the main clause resumes after a relative."""
    while k < len(p.tokens) and p.tokens[k].pos == "ADV":
        k += 1
    if k >= len(p.tokens):
        return False
    tok = p.tokens[k]
    return tok.pos in ("AUX", "VERB") and "VerbForm=Fin" in tok.morph and not is_cue(p, k + 1)


def _indirect(p: Parsed) -> list[_Candidate]:
    found = []
    for k, tok in enumerate(p.tokens):
        if tok.text.lower() in SELON:
            found.extend(_selon(p, k))
            continue
        if not is_cue(p, k):
            continue
        clause = _reported_clause(p, k)
        if clause is not None:
            found.append(_Candidate(clause[0], clause[1], "indirect", k, speaker_of(p, k)))
        elif inverted(p, k):
            # A clause reported by an incise ends at no full stop, even where the parser
            # runs two sentences into one.
            lo = max(p.sentence_bounds(k)[0], p.text_sentence_start(k))
            comma = k - 1
            while p.tokens[comma].text != ",":
                comma -= 1
            found.append(_Candidate(p.tokens[lo].idx, p.tokens[comma].idx, "indirect", k,
                                    speaker_of(p, k)))
    return found


def _selon(p: Parsed, k: int) -> list[_Candidate]:
    """ "Selon X, <clause>." or "<clause>, selon X." """
    lo, hi = p.sentence_bounds(k)
    source = selon_source(p, k)
    if source is None or p.tokens[source].text.lower() in ("lequel", "laquelle", "lesquels"):
        return []
    src = p.tokens[source]
    if src.text.lower() == "sources" and all(
            p.tokens[c].dep in ("det", "punct", "case") for c in p.children[source]):
        return []  # "selon les sources": depending on the sources, no one's statement
    comma_after = next((j for j in range(k + 1, hi + 1) if p.tokens[j].text == ","), None)
    if comma_after is not None:
        comma_after = _past_apposition(p, comma_after, hi, tail=k > lo)
        if comma_after > hi or p.tokens[comma_after].text != ",":
            comma_after = None  # the source's apposition runs to the end of the sentence
    if k == lo and comma_after is not None:
        return [_Candidate(p.end(comma_after), p.end(hi), "indirect", k, source)]
    if k > lo and p.tokens[k - 1].text == ",":
        if any(is_cue(p, j) and inverted(p, j) for j in range(lo, k - 1)):
            # "<clause>, a-t-il dit, selon le communiqué": the verb's own subject speaks and
            # "selon" names the channel; the verb's candidate carries the clause.
            return []
        if comma_after is not None:
            # "<A>, selon X, <B>.": the source cuts the statement; keep the whole sentence.
            end = hi - 1 if p.tokens[hi].text in (".", "!", "?") else hi
            return [_Candidate(p.tokens[lo].idx, p.end(end), "indirect", k, source)]
        return [_Candidate(p.tokens[lo].idx, p.tokens[k - 1].idx, "indirect", k, source)]
    return []


def _past_apposition(p: Parsed, comma: int, hi: int, tail: bool = False) -> int:
    """Skip a name or role set off by commas after a source ("Selon l'ingénieur, X, …")."""
    nxt = next((j for j in range(comma + 1, hi + 1) if p.tokens[j].text == ","), None)
    if nxt is None and tail:
        # "…, selon la présidente de l'institution, Christine Lagarde.": the apposition ends
        # the sentence, so the statement does not resume after it.
        end = hi - 1 if p.tokens[hi].text in (".", "!", "?") else hi
        nxt = end + 1 if end - comma <= 10 else None
    if nxt is None or nxt - comma > 10:
        return comma
    inside = range(comma + 1, nxt)
    if any(p.tokens[j].pos in ("VERB", "AUX") for j in inside):
        return comma
    first = p.tokens[comma + 1]
    named = p.person(comma + 1) is not None
    # "Selon X, ministre de …, <clause>": a role phrase, with or without its determiner.
    role = first.pos in ("DET", "NOUN") and any(
        p.tokens[j].pos == "NOUN" and p.tokens[j].lemma.lower() in person_roles() for j in inside
    )
    return nxt if named or role else comma


def _covered(inner: tuple[int, int], outer: tuple[int, int]) -> int:
    return max(0, min(inner[1], outer[1]) - max(inner[0], outer[0]))


def _keep_indirect(c: _Candidate, direct: list[_Candidate], others: list[_Candidate],
                   p: Parsed) -> bool:
    """Drop reported clauses said inside a quote, mostly made of one, or nested in another."""
    if c.end - c.start < 12 or not _WORD.search(p.text[c.start : c.end]):
        return False
    cue_at = p.tokens[c.cue].idx if c.cue is not None else c.start
    shared = 0
    for d in direct:
        if d.start <= cue_at < d.end:
            return False
        inside = _covered((c.start, c.end), (d.start, d.end))
        if inside > 0.5 * (c.end - c.start):
            return False
        shared += inside if d.cue == c.cue else 0
    if shared > 0.3 * (c.end - c.start):
        return False
    return not any(o is not c and o.start <= cue_at < o.end for o in others)


INNER_LEAD = 12  # tokens between a statement's start and the "que" of a verb reporting it


def _inner_statement(p: Parsed, c: _Candidate, reported: list[_Candidate]) -> None:
    """ "Selon X, Biden a déclaré que S" / "Biden a souligné que S, a dit X": the quote is S,
    without the reported verb and its subject; the outer source (X) stays its speaker."""
    if c.cue is None:
        return
    outer_selon = p.tokens[c.cue].text.lower() in SELON
    if not outer_selon and c.cue < p.token_at(max(c.end - 1, c.start)):
        return  # "X a déclaré que Y a averti que S": X reports Y's words, not S as their own
    first = p.token_at(c.start)
    for o in reported:
        if o is c or o.cue is None or o.kind != "indirect":
            continue
        if not c.start <= p.tokens[o.cue].idx < o.start <= c.end:
            continue
        if o.cue - first > INNER_LEAD or p.tokens[o.cue].text.lower() in SELON:
            continue
        c.start, c.end = o.start, min(c.end, o.end)
        return


def find_quotes(article: Article, analysis: Analysis) -> list[QuoteMention]:
    """Direct and indirect quotes of one article, in text order, with resolved speakers."""
    p = Parsed(analysis, article.text)
    direct = _direct(p)
    reported = _indirect(p)
    indirect = [c for c in reported if _keep_indirect(c, direct, reported, p)]
    for c in indirect:
        _inner_statement(p, c, reported)
    candidates = sorted(direct + indirect, key=lambda c: (c.cue if c.cue is not None else -1))
    resolver = SpeakerResolver(p)
    quotes = []
    for c in candidates:
        start, end = p.clean_span(c.start, c.end) if c.kind == "indirect" else (c.start, c.end)
        if end <= start:
            continue
        continuing = (
            c.kind == "direct"
            and not c.framed
            and c.cue is not None
            and c.cue > p.token_at(c.end)
        )
        speaker = resolver.resolve(c.speaker, continuing) if c.speaker is not None else None
        if speaker is None and c.kind == "indirect":
            continue  # reported speech from no one who can speak ("selon les cas") is no quote
        cue = None
        if c.cue is not None:
            tok = p.tokens[c.cue]
            cue = "selon" if tok.text.lower() in SELON else cue_lemma(p, c.cue)
        quotes.append(
            QuoteMention(
                text=article.text[start:end],
                start=start,
                end=end,
                kind=c.kind,
                speaker=speaker.name if speaker else None,
                speaker_start=speaker.start if speaker else None,
                cue=cue,
                sent=p.sentence_index(start),
                role=speaker.role if speaker else None,
            )
        )
    quotes.sort(key=lambda q: (q.start, q.end))
    if article.lang == "en" and not any(t.dep for t in analysis.tokens):
        attribute(article.text, quotes, analysis.mentions)  # no parse: the English word orders
    _continue_speakers(p, quotes)
    _heading_speakers(p, quotes)
    return quotes


def _heading_speakers(p: Parsed, quotes: list[QuoteMention]) -> None:
    """A quoted heading line with no speaker whose words an attributed quote of the article
    carries (« Communion dans le deuil » over "… a le sens d'une communion dans le deuil", a
    commenté X) has that quote's speaker."""
    padded = {id(q): f" {' '.join(_WORD.findall(q.text.lower()))} " for q in quotes}
    for q in quotes:
        if q.speaker or q.kind != "direct" or not _whole_line(p, q):
            continue
        words = padded[id(q)]
        if len(words.split()) < 2:
            continue
        sources = {(o.speaker, o.speaker_start, o.role) for o in quotes
                   if o is not q and o.speaker and words in padded[id(o)]}
        if len({name for name, _, _ in sources}) == 1:
            q.speaker, q.speaker_start, q.role = next(iter(sources))


def _whole_line(p: Parsed, q: QuoteMention) -> bool:
    """Whether a quote, with its marks, is all there is on its line."""
    line_start = p.text.rfind("\n", 0, q.start) + 1
    line_end = p.text.find("\n", q.end)
    line = p.text[line_start : line_end if line_end >= 0 else len(p.text)]
    return len(line.strip()) <= len(q.text) + 4


def _own_attribution(p: Parsed, q: QuoteMention) -> bool:
    """ "« … », avaient demandé X": a verb right after the quote's comma attributes it, even one
    the speech verbs do not list."""
    k = p.token_at(q.end) + 1
    while k < len(p.tokens) and p.tokens[k].text in ("»", "”", '"', " "):
        k += 1
    if k >= len(p.tokens) or p.tokens[k].text != ",":
        return False
    nxt = [t for t in p.tokens[k + 1 : k + 4] if t.pos != "ADV"]
    return bool(nxt) and nxt[0].pos in ("AUX", "VERB")


def _next_sentence(p: Parsed, before: QuoteMention, after: QuoteMention) -> bool:
    """Whether only a full stop and an opening mark lie between two quotes."""
    return re.fullmatch(r"\s*[.!?…]\s*[«“\"]?\s*", p.text[before.end : after.start]) is not None


def _continue_speakers(p: Parsed, quotes: list[QuoteMention]) -> None:
    """A direct quote with no attribution right after one with a speaker continues it; after
    reported speech ("Elle annonce que … . « … »") only when it opens the next sentence."""
    for before, after in pairwise(quotes):
        if after.speaker or after.cue or after.kind != "direct":
            continue
        if before.kind != "direct" and not _next_sentence(p, before, after):
            continue
        if not before.speaker or after.start - before.end > CONTINUATION_GAP:
            continue
        if _whole_line(p, after):
            continue  # a quoted line of its own is a heading, not more of the last statement
        if _own_attribution(p, after):
            continue  # a verb of its own after it: another statement
        between = [k for k in range(p.token_at(before.end), p.token_at(after.start))
                   if p.tokens[k].idx >= before.end]  # not the first quote's last word
        own = cue_after(p, before.end)  # the incise that attributes the first quote itself
        # Another person named between the two ("…, a tranché le président. Gisèle Pélicot
        # « estime … »") may be the one speaking now.
        others = any(
            (m := p.person(k)) is not None and m.start != before.speaker_start
            and m.text != before.speaker for k in between
        )
        if not others and not any(is_cue(p, k) for k in between if k != own):
            after.speaker, after.speaker_start = before.speaker, before.speaker_start
            after.role = before.role
