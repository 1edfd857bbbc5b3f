"""The scale benchmark's synthetic articles keep their analyses consistent with their text."""

from __future__ import annotations

import random
import sys
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

from corroborate.analyze.nlp import to_analysis
from corroborate.types import Analysis, Article

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import stream_gen

TEXT = (
    "Le maire de Port-Kerlaz, Yannick Le Goff, a inauguré mardi 14 mars 2023 le nouveau pont. "
    "« C'est un jour historique pour la commune », a déclaré Yannick Le Goff devant 300 "
    "habitants. Les travaux ont coûté 12 millions d'euros, selon la préfecture du Finistère. "
    "Le pont relie désormais les deux rives de l'Aven. "
    "La Région Bretagne a financé la moitié du chantier."
)
BASE_DAY = date(2023, 3, 14).toordinal()
EVENT_DAY = date(2030, 1, 10).toordinal()  # a Thursday


def _arcs(analysis: Analysis) -> Counter[tuple[str, str, str]]:
    """Each token's relation to its head, by their parts of speech."""
    tokens = analysis.tokens
    return Counter((t.pos, t.dep, tokens[t.head].pos) for t in tokens)


def _rewritten(nlp) -> tuple[Article, Analysis, Article, Analysis]:
    article = Article(id="a1", source="a1", text=TEXT, date="2023-03-14", lang="fr")
    analysis = to_analysis(nlp(TEXT), article)
    event = stream_gen.Event(3, "story", EVENT_DAY, EVENT_DAY - BASE_DAY)
    new, new_analysis = stream_gen.Rewriter(event, BASE_DAY).article(
        article, analysis, random.Random(0)
    )
    return article, analysis, new, new_analysis


def test_rewritten_article_keeps_offsets_heads_and_mentions(nlp):
    article, analysis, new, new_analysis = _rewritten(nlp)
    assert stream_gen.inconsistencies(article, analysis) == []
    assert stream_gen.inconsistencies(new, new_analysis) == []
    # Same sentences, mentions and dependency arcs, on the moved tokens.
    assert len(new_analysis.sentences) == len(analysis.sentences)
    assert Counter(m.label for m in new_analysis.mentions) == Counter(
        m.label for m in analysis.mentions
    )
    assert _arcs(new_analysis) == _arcs(analysis)
    # The event's own names (tag "d" for event 3), day and weekday.
    assert "Goffd" in new.text and "Goff," not in new.text
    assert "jeudi 10 janvier 2030" in new.text
    assert new.date == "2030-01-10"
    assert new_analysis.sentences[0].text.startswith("Le maire")  # the lead stays first


def test_republished_copy_drops_its_last_sentence_consistently(nlp):
    _, _, new, new_analysis = _rewritten(nlp)
    copy, copy_analysis = stream_gen.republish(new, new_analysis)
    assert stream_gen.inconsistencies(copy, copy_analysis) == []
    assert new.text.startswith(copy.text) and len(copy.text) < len(new.text)
    assert len(copy_analysis.sentences) == len(new_analysis.sentences) - 1
    assert all(m.end <= len(copy.text) for m in copy_analysis.mentions)


def test_inconsistencies_reports_moved_spans_and_stray_heads(nlp):
    _, _, new, new_analysis = _rewritten(nlp)
    mention = new_analysis.mentions[0]
    moved = replace(mention, start=mention.start + 1, end=mention.end + 1)
    tokens = list(new_analysis.tokens)
    tokens[0] = replace(tokens[0], head=len(tokens) - 1)  # a head in the last sentence
    broken = replace(new_analysis, tokens=tokens, mentions=[moved, *new_analysis.mentions[1:]])
    problems = stream_gen.inconsistencies(new, broken)
    assert any("mention" in p for p in problems)
    assert any("head" in p for p in problems)
