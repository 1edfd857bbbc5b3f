"""Speech cues: which verb reports a quote and which token heads its speaker phrase.

Speech verbs live in rules/speech_verbs.txt with flags: "!se" (the pronominal use is not
speech: "s'ajoute"), "+se" (only the pronominal use is: "s'est réjoui"), "!inv" (speech only as
an incise after the quote or before a colon: "a poursuivi X", not "poursuivra sa réforme").
Passive uses ("il était jugé que") are never cues.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from corroborate.crosscheck.parsed import Parsed
from corroborate.lexicon.marks import CLOSERS, OPENERS
from corroborate.lexicon.roles import person_roles

RULES = Path(__file__).parent / "rules"
SELON = {"selon", "d'après", "d’après"}
QUE = {"que", "qu'", "qu’"}
_REFLEXIVE = {"se", "s'", "s’"}
_INVERTED_DEPS = ("nsubj", "nsubj:pass", "obj", "dep", "appos")
_ENDS = (".", "!", "?", ";", ":")


@cache
def time_words() -> frozenset[str]:
    """Time nouns that are never an inverted subject."""
    text = (RULES / "time_words.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@cache
def speech_verbs() -> dict[str, frozenset[str]]:
    """Speech verb lemmas and their flags."""
    text = (RULES / "speech_verbs.txt").read_text(encoding="utf-8")
    verbs = {}
    for line in text.splitlines():
        parts = line.split()
        if parts and not line.startswith("#"):
            verbs[parts[0]] = frozenset(parts[1:])
    return verbs


@cache
def _forms() -> dict[str, str]:
    """Inflected forms of the -er speech verbs, for tokens the lemmatiser leaves as they are."""
    endings = ("e", "es", "ent", "é", "ée", "és", "ées", "ait", "aient", "ant", "a", "era",
               "eront", "erait")
    forms = {}
    for verb in speech_verbs():
        if verb.endswith("er"):
            stem = verb[:-2]
            for ending in endings:
                forms.setdefault(stem + ending, verb)
            cut = stem.rfind("é")
            if cut >= 0 and cut >= len(stem) - 3:
                # "inquiéter" -> "s'inquiète", "répéter" -> "répète": a grave accent before
                # a silent ending.
                for ending in ("e", "es", "ent"):
                    forms.setdefault(stem[:cut] + "è" + stem[cut + 1 :] + ending, verb)
    return forms


def speech_form(word: str) -> str | None:
    """The speech verb an inflected word is a form of ("note" -> noter), non-reflexive only."""
    lemma = _forms().get(word.lower())
    return lemma if lemma and "+se" not in speech_verbs()[lemma] else None


def cue_lemma(p: Parsed, k: int, incise: bool = False) -> str | None:
    """The speech verb token k is a form of, if any; `incise` allows the "!inv" verbs."""
    tok = p.tokens[k]
    if tok.pos not in ("VERB", "AUX"):
        # "a-t-elle résumé" with "résumé" tagged as a noun: a participle right after its
        # auxiliary or clitic subject is a verb whatever the tagger says.
        lemma = _forms().get(tok.text.lower(), "")
        prev = p.tokens[k - 1] if k > 0 else None
        # "s'inquiète" tagged as an adjective: a reflexive clitic right before is a verb's too.
        verbal = prev is not None and (
            prev.pos == "AUX" or _clitic_subject(p, k) == k - 1
            or prev.text.lower() in _REFLEXIVE
        )
        if lemma and not verbal:
            lemma = ""
    else:
        lemma = tok.lemma.lower()
        if lemma not in speech_verbs():
            lemma = _forms().get(tok.text.lower(), "")
    if not lemma:
        return None
    flags = speech_verbs()[lemma]
    kids = [p.tokens[c] for c in p.children[k]]
    if any(c.dep == "aux:pass" for c in kids):
        return None
    reflexive = any(c.text.lower() in _REFLEXIVE for c in kids) or any(
        p.tokens[j].text.lower() in _REFLEXIVE for j in range(max(k - 3, 0), k)
    )
    if ("!se" in flags and reflexive) or ("+se" in flags and not reflexive):
        return None
    if "!inv" in flags and not incise:
        nxt = p.tokens[k + 1].text if k + 1 < len(p.tokens) else ""
        if nxt != ":" and not inverted(p, k):
            return None
    return lemma


def is_cue(p: Parsed, k: int) -> bool:
    """Whether token k is a speech verb in this use."""
    return cue_lemma(p, k) is not None


def cue_after(p: Parsed, close: int) -> int | None:
    """A speech verb right after a closing mark: «…», a déclaré X / «…», a-t-il indiqué."""
    k = p.token_at(close) + 1
    if p.text[:close].rstrip().endswith((".", "!", "?", "…")):
        # « … chevronnée. » Il précise que …: a capital after a closed sentence starts another.
        first = next((j for j in range(k, min(k + 3, len(p.tokens)))
                      if any(c.isalpha() for c in p.tokens[j].text)), None)
        if first is not None and p.tokens[first].text[:1].isupper():
            return None
    steps = 0
    while k < len(p.tokens) and steps < 6:
        tok = p.tokens[k]
        if tok.text in OPENERS or tok.text == '"':
            return None  # another quote begins: its words are not this one's attribution
        if cue_lemma(p, k, incise=True) or incise_verb(p, k):
            return k
        if (tok.pos not in ("PUNCT", "AUX", "PRON", "ADV", "SPACE") and not _adverbial(p, k)) \
                or tok.text in _ENDS:
            return None
        if "\n" in tok.text:
            return None
        k += 1
        steps += 1
    return None


def incise_verb(p: Parsed, k: int) -> bool:
    """Any verb of an incise right after a quote whose subject follows it and is a person or a
    role ("« … », a tranché le président de la cour", "a-t-elle asséné"): French puts the
    subject after the verb only to attribute a quotation, whatever the verb."""
    if p.tokens[k].pos != "VERB" or not inverted(p, k):
        return False
    if any(p.tokens[c].dep == "aux:pass" for c in p.children[k]):
        return False
    if _clitic_subject(p, k) is not None:
        return True
    subject = after_verb(p, k, strict=True)
    if subject is not None and (group := _one_of(p, subject)) is not None:
        subject = group
    return subject is not None and person_or_role(p, subject)


def cue_before(p: Parsed, mark: int) -> int | None:
    """The nearest speech verb (or "selon") before an opening mark, outside other quotes."""
    at = p.token_at(mark)
    lo = p.text_sentence_start(at)
    before = p.text[:mark].rstrip()
    if before.endswith(":") and "\n" in p.text[len(before) : mark]:
        # "Microsoft assure gérer ce bug en urgence :" then the quote on a line of its own.
        lo = p.text_sentence_start(p.token_at(len(before) - 1))
    k = at - 1
    quoted = False  # walking backwards: a closing mark starts a quoted stretch
    while k >= lo:
        text = p.tokens[k].text
        if text in CLOSERS:
            quoted = True
        elif text in OPENERS:
            quoted = False
        elif text == '"':
            quoted = not quoted
        elif not quoted and (is_cue(p, k) or (k == lo and text.lower() in SELON)):
            return k
        k -= 1
    return None


def cue_in_sentence(p: Parsed, at: int) -> int | None:
    """A later incise in the sentence (", a déclaré X", ", selon X") attributing all of it."""
    for k in range(at, len(p.tokens)):
        tok = p.tokens[k]
        if tok.text in _ENDS or "\n" in tok.text:
            return None
        if is_cue(p, k) and inverted(p, k):
            return k
        if tok.text.lower() in SELON and k > 0 and p.tokens[k - 1].text == ",":
            return k
    return None


def inverted(p: Parsed, verb: int) -> bool:
    """Whether a speech verb follows a comma and has its subject after it (or -t-il)."""
    k = verb - 1
    while k >= 0 and (
        p.tokens[k].pos in ("AUX", "ADV")
        or _adverbial(p, k)
        or (
            p.tokens[k].pos == "PRON"
            and (p.tokens[k].text.startswith("-") or p.tokens[k].dep not in ("nsubj", "nsubj:pass"))
        )
    ):
        k -= 1
    if k > 0 and p.tokens[k].text in CLOSERS + '"' and p.tokens[k - 1].text == ",":
        k -= 1  # '"…, vous êtes coupable," a déclaré X': the comma sits inside the marks
    if k < 0 or p.tokens[k].text not in (",", "–", "—"):
        return False
    if _clitic_subject(p, verb) is not None:
        return True
    subject = p.subject(verb)
    if subject is not None and subject > verb:
        return True
    # "Dmitri Peskov, a déclaré": the comma closes the subject's own apposition.
    own = (
        subject is not None
        and p.tokens[subject].pos in ("NOUN", "PROPN")
        and (subject >= k - 4 or max(p.subtree(subject)) >= k - 1)
    )
    if own and not _quoted_between(p, subject, verb):
        # "Et de nouvelles hausses sont à prévoir, explique le Conseil": a parse that makes the
        # clause's noun the subject still reads as an inversion when a speaker follows the verb
        # and the noun before it is none.
        after = after_verb(p, verb, strict=True)
        return (after is not None and _can_speak(p, after) and not _can_speak(p, subject)
                and "VerbForm=Fin" in p.tokens[verb].morph)
    finite = "VerbForm=Fin" in p.tokens[verb].morph or any(
        p.tokens[j].pos == "AUX" for j in range(k + 1, verb)
    )
    return finite and after_verb(p, verb, strict=True) is not None


def person_or_role(p: Parsed, k: int) -> bool:
    """A person's name or a role noun ("le président")."""
    return p.person(k) is not None or p.tokens[k].lemma.lower() in person_roles()


def _can_speak(p: Parsed, k: int) -> bool:
    """A person, a role, or an organisation named or spoken of as one ("le Conseil")."""
    mention = p.mention_at.get(k)
    return person_or_role(p, k) or (mention is not None and mention.label == "ORG")


def _adverbial(p: Parsed, k: int) -> bool:
    """A word of an adverbial locution before its verb ("a en effet annoncé", "a par ailleurs
    dit"): a preposition, determiner or noun the parser hangs, within a few words, on a later
    verb as a modifier."""
    tok = p.tokens[k]
    if tok.pos not in ("ADP", "DET", "NOUN") or tok.dep not in ("advmod", "obl:mod", "fixed",
                                                                 "case", "det"):
        return False
    head = tok.head if tok.dep not in ("case", "det", "fixed") else p.tokens[tok.head].head
    if tok.dep in ("case", "det", "fixed") and p.tokens[tok.head].dep not in ("advmod",
                                                                              "obl:mod"):
        return False
    return k < head <= k + 4 and p.tokens[head].pos == "VERB"


def _clitic_subject(p: Parsed, verb: int) -> int | None:
    """The "-il" / "-elle" of "a-t-il dit" or "ajoute-t-elle", if the verb has one."""
    for j in [*range(max(verb - 3, 0), verb), *range(verb + 1, min(verb + 3, len(p.tokens)))]:
        text = p.tokens[j].text.lower()
        if text.startswith("-") and text.lstrip("-t").lstrip("-") in ("il", "elle", "ils", "elles"):
            return j
    return None


def _quoted_between(p: Parsed, a: int, b: int) -> bool:
    """Whether a closing quotation mark lies between two tokens (the parse crossed a quote)."""
    return any(p.tokens[k].text in CLOSERS + '"' for k in range(max(a, 0), b))


def after_verb(p: Parsed, verb: int, strict: bool = False) -> int | None:
    """The inverted subject: the first noun phrase head after the verb, past adverbs and dates.

    Strict mode accepts only a person or a token the parser hangs on the verb as its subject
    or object, so "…, insistent sur une coordination" is not read as an inversion.
    """
    first = None
    in_phrase = False  # inside a prepositional phrase ("aux journalistes", "de Poutine")
    for k in range(verb + 1, min(verb + 12, len(p.tokens))):
        tok = p.tokens[k]
        if tok.text == ",":
            in_phrase = False
            continue
        if tok.pos in ("PUNCT", "VERB", "SCONJ", "AUX") or "\n" in tok.text:
            break
        if tok.text.lower() in QUE:
            break
        if tok.pos == "ADP":
            in_phrase = True
            continue
        if not in_phrase and _one_of(p, k) is not None:
            return k  # "a asséné l'un des avocats de la victime"
        nominal = tok.pos in ("NOUN", "PROPN") or p.mention_at.get(k) is not None
        if not nominal:
            continue
        if in_phrase or tok.lemma.lower() in time_words():
            in_phrase = False
            continue
        if tok.dep.startswith("obl") and tok.lemma.lower() not in person_roles():
            continue
        if p.person(k) is not None or tok.dep in _INVERTED_DEPS or tok.head == verb:
            return k
        if tok.lemma.lower() in person_roles():
            return k
        if first is None:
            first = k
    return None if strict else first


def _one_of(p: Parsed, k: int) -> int | None:
    """The group noun of "l'un des avocats", "l'une de ses filles", if token k opens one."""
    tok = p.tokens[k]
    if tok.pos != "PRON" or tok.lemma.lower() not in ("un", "une"):
        return None
    return next((c for c in p.children[k] if p.tokens[c].pos == "NOUN"
                 and p.tokens[c].dep == "nmod"), None)


def speaker_of(p: Parsed, verb: int, depth: int = 0) -> int | None:
    """The speaker head of a speech verb: inverted subject, else the subject before it."""
    if p.tokens[verb].text.lower() in SELON:
        return selon_source(p, verb)
    if inverted(p, verb):
        pronoun = _clitic_subject(p, verb)
        if pronoun is not None:
            return pronoun
        found = after_verb(p, verb, strict=True)
        if found is not None:
            return found
        subject = p.subject(verb)
        return subject if subject is not None and subject > verb else after_verb(p, verb)
    subject = p.subject(verb, climb=False)
    if subject is not None and "PronType=Rel" in p.tokens[subject].morph:
        return _antecedent(p, subject)
    if subject is not None:
        return subject
    tok = p.tokens[verb]
    head = tok.head
    same = head != verb and p.sentence_of[head] == p.sentence_of[verb]
    if depth < 4 and _gerund(p, verb):
        # "X a suscité des réactions en déclarant que …": a gerund's subject is the subject of
        # the clause it modifies, whatever noun the parser hangs it on.
        above = _verb_above(p, verb)
        if above is not None:
            return speaker_of(p, above, depth + 1)
    if depth < 4 and _opens_sentence(p, verb):
        # "… », a-t-il lancé. Avant d'ajouter : « … »": an infinitive standing for a sentence
        # goes on with the speech verb of the sentence before it.
        before = _previous_root(p, verb)
        if before is not None and is_cue(p, before):
            return speaker_of(p, before, depth + 1)
    bare = not any(p.tokens[c].dep == "mark" for c in p.children[verb])  # no "pour", "de"
    if same and bare and tok.dep in ("xcomp", "advcl") and "VerbForm=Inf" in tok.morph:
        # "écouter le président lui annoncer que …": the infinitive's subject is the object of
        # the verb above it, not that verb's subject.
        obj = next((c for c in p.children[head] if head < c < verb
                    and p.tokens[c].dep in ("obj", "nsubj")
                    and p.tokens[c].pos in ("NOUN", "PROPN")), None)
        if obj is not None:
            return obj
    if same and tok.dep in ("conj", "xcomp", "advcl") and depth < 4:
        return speaker_of(p, head, depth + 1)
    if (same and tok.dep == "acl" and "VerbForm=Part" in tok.morph and "Tense=Pres" in tok.morph
            and (p.person(head) is not None or p.tokens[head].lemma.lower() in person_roles())):
        # "le président de la cour, Roger Arata, ajoutant que …": a present participle's
        # subject is the person it hangs on (not "une situation …, soulignant que").
        return head
    return _first_nominal(p, verb)


def _gerund(p: Parsed, k: int) -> bool:
    """Whether token k is a gerund ("en déclarant"): a present participle after "en"."""
    tok = p.tokens[k]
    return ("VerbForm=Part" in tok.morph and "Tense=Pres" in tok.morph
            and any(p.tokens[c].text.lower() == "en" and p.tokens[c].dep == "mark"
                    for c in p.children[k]))


def _verb_above(p: Parsed, k: int) -> int | None:
    """The nearest verb above token k in its sentence."""
    seen = {k}
    j = p.tokens[k].head
    while j not in seen and p.sentence_of[j] == p.sentence_of[k]:
        if p.tokens[j].pos in ("VERB", "AUX"):
            return j
        seen.add(j)
        j = p.tokens[j].head
    return None


def _opens_sentence(p: Parsed, k: int) -> bool:
    """Whether an infinitive with no subject heads its own sentence ("Avant d'ajouter :")."""
    tok = p.tokens[k]
    if "VerbForm=Inf" not in tok.morph or p.subject(k) is not None:
        return False
    return tok.head == k or p.sentence_of[tok.head] != p.sentence_of[k]


def _previous_root(p: Parsed, k: int) -> int | None:
    """The root token of the sentence before token k's, on the same line."""
    start = p.sentence_bounds(k)[0]
    if start == 0 or "\n" in p.tokens[start - 1].text:
        return None
    prev = start - 1
    lo = p.sentence_bounds(prev)[0]
    return next((j for j in range(lo, start) if p.tokens[j].head == j), None)


def selon_source(p: Parsed, k: int) -> int | None:
    """The source named after "selon": its noun, name or pronoun ("selon lui")."""
    _, hi = p.sentence_bounds(k)
    nxt = k + 1
    while nxt <= hi and p.tokens[nxt].pos == "DET":
        nxt += 1
    if nxt > hi:
        return None
    tok = p.tokens[nxt]
    if tok.pos in ("NOUN", "PROPN") or p.mention_at.get(nxt) is not None:
        return nxt
    if tok.pos == "PRON" and tok.text.lower() in ("lui", "elle", "eux", "elles"):
        return nxt
    return None


def _antecedent(p: Parsed, relative: int) -> int | None:
    """The noun a relative "qui" stands for ("Moscou, qui affirme" -> Moscou)."""
    k = relative - 1
    while k >= 0 and (p.tokens[k].text == "," or p.tokens[k].pos == "ADJ"):
        k -= 1
    if k >= 0 and (p.tokens[k].pos in ("NOUN", "PROPN") or p.mention_at.get(k) is not None):
        return k
    return None


def _first_nominal(p: Parsed, verb: int) -> int | None:
    """Fallback subject when the parse gives none: the sentence's first bare noun phrase."""
    lo = p.text_sentence_start(verb)
    for k in range(lo, verb):
        tok = p.tokens[k]
        nominal = tok.pos in ("NOUN", "PROPN") or p.mention_at.get(k) is not None
        if nominal and (k == lo or p.tokens[k - 1].pos != "ADP"):
            return k
        if tok.pos in ("VERB", "SCONJ") or tok.text in OPENERS + CLOSERS + '"':
            return None
    return None
