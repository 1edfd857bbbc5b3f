"""English articles without an English model, and one story across French and English."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from corroborate.analyze.nlp import ENGLISH_BLANK
from corroborate.cli import app
from corroborate.cluster.features import spelling_key

FIXTURE = Path(__file__).parent / "fixtures" / "bilingual" / "articles.jsonl"


def test_transliterations_of_one_name_share_a_key():
    assert spelling_key("zelensky") == spelling_key("zelenskyy") == spelling_key("zelenski")
    assert spelling_key("kowalski") != spelling_key("kowalczyk")


def test_an_english_report_joins_its_french_story_and_an_unrelated_one_stays_apart(tmp_path):
    out, db = tmp_path / "out", tmp_path / "store.db"
    result = CliRunner().invoke(app, ["run", str(FIXTURE), "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "stories.json").read_text(encoding="utf-8"))
    story_of = {a["id"]: a["story"] for a in report["articles"]}
    assert story_of["en-1"] == story_of["fr-1"] == story_of["fr-2"]
    assert story_of["en-2"] != story_of["fr-1"]
    english = next(a for a in report["articles"] if a["id"] == "en-1")
    assert english["lang"] == "en"
    assert ENGLISH_BLANK in english["notes"] or any(n.startswith("en: ") for n in english["notes"])


def _run_rows(tmp_path: Path, rows: list[dict]) -> dict:
    """`corroborate run` over JSON-lines rows; the stories.json it writes."""
    source = tmp_path / "input.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out, db = tmp_path / "out", tmp_path / "store.db"
    result = CliRunner().invoke(app, ["run", str(source), "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return json.loads((out / "stories.json").read_text(encoding="utf-8"))


def test_figures_read_without_a_parse_dispute_nothing(tmp_path):
    rows = [
        {"id": f"en-{k}", "outlet": f"wire-{k}.com", "lang": "en", "date": "2025-03-14",
         "title": "Storm Osterlund weakens after landfall",
         "text": f"Storm Osterlund weakened to a Category {k} hurricane near Brousselle on Friday, "
                 "March 14, 2025, officials said. Twelve people were injured near the port."}
        for k in (1, 2)
    ]
    report = _run_rows(tmp_path, rows)
    assert len(report["stories"]) == 1
    facts = report["stories"][0]["facts"]
    assert facts and not any(f["disputed_by"] for f in facts)


def test_english_attributions_are_read_off_the_word_order(analyzer):
    import pytest

    from corroborate.crosscheck.quotes.find import find_quotes
    from corroborate.types import Article

    cases = [
        ('"The bridge is safe," said Harbour Authority chief Maren Holt on Tuesday.',
         "Maren Holt"),
        ('"We will rebuild every house," Holt said after the visit.', "Holt"),
        ('"It is incredible that this can happen here." Holt wrote. Rain fell.', "Holt"),
        ('On Friday, Holt wrote: "Nothing is known yet about the cause of the fire."', "Holt"),
        # A pronoun or a common noun names no one: no speaker rather than a guess.
        ('"We will rebuild every house," he said after the visit.', None),
        ('"The bridge is safe and open again," the company said.', None),
        # A pronoun speaks for the one the sentence before has speaking, else for the one
        # person it opens on as subject, through a sentence opening on the pronoun itself.
        ('Maren Holt, the harbour chief, said the port would reopen soon. "We will rebuild '
         'every house," she said after the visit.', "Maren Holt"),
        ('Maren Holt visited the port on Tuesday. "We will rebuild every house," she said.',
         "Maren Holt"),
        ('Maren Holt visited the port on Tuesday. She was speaking to the fishermen when the '
         'rain started. "We will rebuild every house," she said.', "Maren Holt"),
        # Two people in the sentence before: either may speak, so no one is named.
        ('Maren Holt met Anne Kowalski at the port on Tuesday. "We will rebuild every house,"'
         ' she said.', None),
    ]
    for n, (text, speaker) in enumerate(cases):
        article = Article(id=f"en-{n}", source="t", text=text, lang="en", sha=f"en-{n}")
        [analysis] = analyzer.analyze([article], processes=1)
        if any(t.dep for t in analysis.tokens):
            pytest.skip("an English model is installed: its parse attributes the quotes")
        quotes = [q for q in find_quotes(article, analysis) if q.kind == "direct"]
        assert len(quotes) == 1, (text, quotes)
        assert quotes[0].speaker == speaker, text
        if speaker:
            assert text[quotes[0].speaker_start:].startswith(speaker)


def test_a_claim_told_in_french_and_english_is_one_fact_backed_in_both(tmp_path):
    # The English page has no parse: its sentences back the French groups they translate,
    # and a sentence about something else backs nothing.
    rows = [
        {"id": "fr-a", "outlet": "ouest-breton.fr", "lang": "fr", "date": "2025-03-14",
         "title": "Séisme à Brousselle : le pont Vernier s'est effondré",
         "text": "Un séisme a frappé Brousselle vendredi matin. Le pont Vernier s'est effondré "
                 "sous les yeux des habitants. La maire Anne Kowalski a ouvert un gymnase pour "
                 "les sinistrés."},
        {"id": "fr-b", "outlet": "infos-armor.fr", "lang": "fr", "date": "2025-03-14",
         "title": "Brousselle secouée par un séisme, le pont Vernier détruit",
         "text": "Brousselle a été secouée par un séisme vendredi. Le pont Vernier s'est "
                 "effondré dans la matinée. Les écoles resteront fermées lundi."},
        {"id": "en-a", "outlet": "harbour-wire.com", "lang": "en", "date": "2025-03-14",
         "title": "Earthquake hits Brousselle, Vernier bridge collapses",
         "text": "An earthquake struck Brousselle on Friday morning. The Vernier bridge "
                 "collapsed in front of residents. The local football club postponed its "
                 "weekend match."},
    ]
    report = _run_rows(tmp_path, rows)
    assert len(report["stories"]) == 1
    facts = report["stories"][0]["facts"]
    both = [f for f in facts if {e["article"] for e in f["support"]} >= {"fr-a", "fr-b", "en-a"}]
    english = [e["text"] for f in both for e in f["support"] if e["article"] == "en-a"]
    assert any("Vernier bridge collapsed" in t for t in english), facts
    backed_by_english = [e["text"] for f in facts for e in f["support"] if e["article"] == "en-a"]
    assert not any("football" in t for t in backed_by_english)


def test_groups_join_across_languages_only_on_one_value_and_a_close_meaning():
    import numpy as np

    from corroborate.crosscheck.facts import Group, join_languages
    from corroborate.types import FactMention

    def group(aid: str, value: str, text: str) -> Group:
        return Group("number", value, [(aid, FactMention("number", value, text, 0, 2, 0))])

    # A toy encoder: texts that share their first word point the same way.
    def encode(texts):
        vectors = np.array([[1.0, 0.0] if t.split()[0] == "dead" else [0.0, 1.0]
                            for t in texts])
        return vectors

    langs = {"fr": "fr", "en": "en", "en2": "en"}
    groups = [group("fr", "95", "dead 95 morts"), group("en", "95", "dead 95 people"),
              group("en2", "94", "dead 94 people")]
    joined = join_languages(groups, langs, lambda aid, m: m.text, encode)
    assert sorted(sorted(g.articles) for g in joined) == [["en", "fr"], ["en2"]]
    other = [group("fr", "95", "dead 95 morts"), group("en", "95", "flights 95 cancelled")]
    assert len(join_languages(other, langs, lambda aid, m: m.text, encode)) == 2
    alone = [group("fr", "95", "dead"), group("fr", "95", "dead")]
    assert join_languages(alone, {"fr": "fr"}, lambda aid, m: m.text, encode) == alone


def test_a_quote_and_its_translation_are_one_group_with_its_speaker():
    from corroborate.crosscheck.quotes.groups import group_quotes
    from corroborate.types import Entity, QuoteMention

    french = ("Le pont s'est effondré sous nos yeux, nous avons évacué tout le quartier en "
              "moins d'une heure et personne n'a été blessé.")
    # A free translation with a line of its own: further from the French than a rewording.
    english = ("We watched the bridge come down right in front of us. Within the hour the entire "
               "district had been cleared, and thankfully there were no injuries. God bless our "
               "firefighters!")
    other = "Our football club will play its weekend match as planned, whatever the weather."
    mayor = Entity("E1", "Anne Kowalski", "PER", ["Anne Kowalski"], ["fr", "en"], 2)
    said = {
        "fr": [QuoteMention(french, 0, len(french), "direct", speaker="Anne Kowalski")],
        "en": [QuoteMention(english, 0, len(english), "direct"),
               QuoteMention(other, 200, 200 + len(other), "direct")],
    }
    langs = {"fr": "fr", "en": "en"}
    groups = group_quotes(said, [mayor], langs=langs)
    joined = [g for g in groups if {e.article for e in g.support} == {"fr", "en"}]
    assert len(joined) == 1 and joined[0].speaker == "Anne Kowalski"
    assert english in [e.text for e in joined[0].support]
    assert other not in [e.text for e in joined[0].support]
    # In one language the bar stays the rewording's: a translation is not taken for one there.
    assert not [g for g in group_quotes(said, [mayor]) if len({e.article for e in g.support}) > 1]


def test_a_quote_attributed_to_a_pronoun_does_not_continue_the_quote_before(analyzer):
    import pytest

    from corroborate.crosscheck.quotes.find import find_quotes
    from corroborate.types import Article

    text = ('Maren Holt, the harbour chief, said the port would reopen. "The port will reopen '
            'on Monday morning," she said.\nMeanwhile, the mayor of Brest, Anne Kowalski, has '
            'promised help to the fishermen.\n"The city stands by every family that lost a '
            'boat," she said on the radio.')
    article = Article(id="en-x", source="t", text=text, lang="en", sha="en-x")
    [analysis] = analyzer.analyze([article], processes=1)
    if any(t.dep for t in analysis.tokens):
        pytest.skip("an English model is installed: its parse attributes the quotes")
    speakers = {q.text[:8]: q.speaker for q in find_quotes(article, analysis)
                if q.kind == "direct"}
    assert speakers == {"The port": "Maren Holt", "The city": "Anne Kowalski"}
