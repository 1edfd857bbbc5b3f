"""Extract: clean body, title, date, language and removed noise on the project's own pages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from corroborate.errors import CorroborateError, E
from corroborate.extract import extract
from corroborate.extract.blocks import page_text
from corroborate.ingest import read_sources
from corroborate.types import Document

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
sys.path.insert(0, str(ROOT / "benchmarks"))
import noise_eval  # noqa: E402


def _doc(path: Path) -> Document:
    (item,) = list(read_sources([str(path)]))
    assert isinstance(item, Document)
    return item


@pytest.fixture(scope="module")
def chrome():
    return extract(_doc(HERE / "chrome.txt"))


def test_body_lines_are_exact_lines_of_the_input(chrome) -> None:
    raw = (HERE / "chrome.txt").read_text("utf-8").splitlines()
    kept = chrome.text.split("\n")
    assert kept[0].startswith("Le conseil municipal de Bréval a adopté jeudi soir")
    assert "Une réunion publique est prévue le 15 avril à la salle des fêtes." in kept
    for line in kept:
        assert line in raw or any(line.replace("« ", "« [Muito caro demais] ") == r for r in raw)


def test_title_is_found_and_not_in_the_text(chrome) -> None:
    assert chrome.title == "Le conseil municipal de Bréval adopte le budget de l'école"
    assert chrome.title not in chrome.text


def test_chrome_lines_are_removed_with_reasons(chrome) -> None:
    reasons = {r.text: r.reason for r in chrome.removed}
    for line in ["Accueil", "Région", "La Gazette du Vercors", "Temps de lecture : 3 min",
                 "Par Claire Dumoulin", "Commentaires",
                 "Lire aussi : Le marché couvert de Bréval ouvre ses portes",
                 "« Coffee lover. Passionate web writer. Friendly music nerd. »",
                 "Connectez-vous à votre compte pour participer à la conversation."]:
        assert line in reasons, line
        assert line not in chrome.text
    assert reasons["« Coffee lover. Passionate web writer. Friendly music nerd. »"].endswith("(en)")
    assert reasons["Temps de lecture : 3 min"] == "reading time"


def test_foreign_fragment_is_cut_out_of_the_french_line(chrome) -> None:
    fragment = next(r for r in chrome.removed if r.text == "[Muito caro demais]")
    assert fragment.reason == "foreign-language fragment (pt)"
    expected = "Les élus d'opposition ont voté contre, jugeant « le projet trop coûteux »"
    assert expected in chrome.text


def test_publication_date_and_language(chrome) -> None:
    assert chrome.date == "2024-04-04"
    assert chrome.lang == "fr"
    assert len(chrome.sha) == 64


def test_html_page_goes_through_trafilatura() -> None:
    article = extract(_doc(HERE / "page.html"))
    assert article.title == "Le pont de Valmorel rouvre après deux ans de travaux"
    assert "14 millions d'euros" in article.text
    assert "Hélène Garnier" in article.text
    assert "Mentions légales" not in article.text
    assert "Accueil" not in article.text
    assert article.date == "2024-04-03"


def test_json_record_index_tag_is_a_fragment_and_a_month_hint() -> None:
    document = Document(
        id="tag", origin="mem", format="jsonl",
        content=" date 2024-03 La foire de Bréval a accueilli 20 000 visiteurs ce week-end, "
                "un record selon les organisateurs.",
        meta={"type": "text"},
    )
    article = extract(document)
    assert article.text.startswith("La foire de Bréval")
    assert any(r.text == "date 2024-03 " for r in article.removed)
    assert article.date == "2024-03"


def test_record_title_repeated_as_first_line_is_removed() -> None:
    docs = [d for d in read_sources([str(HERE / "records.jsonl")]) if isinstance(d, Document)]
    rec2 = extract(docs[1])
    assert rec2.title == "Réouverture du pont"
    assert rec2.text.startswith("Les habitants de Valmorel")
    assert any(r.reason == "title repeated" for r in rec2.removed)


def test_labels_never_reach_the_article() -> None:
    docs = [d for d in read_sources([str(HERE / "records.jsonl")]) if isinstance(d, Document)]
    for document in docs:
        article = extract(document)
        dumped = repr(article)
        assert "SECRET" not in dumped


def test_mojibake_is_repaired_but_quotes_and_spaces_stay() -> None:
    text = "L’élu a déclaré\u00a0: « Ã‡a suffit », jeudi à Bréval, devant les habitants réunis."
    document = Document(id="m", origin="mem", format="txt", content=text, meta={"type": "text"})
    article = extract(document)
    assert "Ça suffit" in article.text
    assert "L’élu a déclaré\u00a0:" in article.text


def test_no_text_left_raises_e007() -> None:
    document = Document(id="v", origin="mem", format="txt", content="Menu\nAccueil\n",
                        meta={"type": "text"})
    with pytest.raises(CorroborateError) as caught:
        extract(document)
    assert caught.value.code is E.E007


def test_club_page_chrome_around_the_body() -> None:
    article = extract(_doc(HERE / "club.txt"))
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons["Le Réveil de Bréval - 18 mai 2024"] == "outlet or date line under the headline"
    assert reasons["← Article précédent : Les cadets en finale régionale"] == "navigation"
    assert reasons["Article suivant : Assemblée générale du 14 juin →"] == "navigation"
    # The line model reads it first (it speaks to the reader); the footer rule backs it up.
    assert reasons["Vous aimez ? Partagez !"].startswith(("line model", "short line in the page"))
    assert article.date == "2024-05-18"
    assert article.text.endswith("samedi prochain au gymnase des Tilleuls.")


def test_surname_particle_is_not_a_glued_teaser() -> None:
    article = extract(_doc(HERE / "club.txt"))
    line = ("Il a fallu attendre la dernière minute pour voir Jeanne Le Dantec, entrée en jeu à "
            "la pause, donner l'avantage décisif à son équipe.")
    assert line in article.text.split("\n")


def test_numeric_publication_date() -> None:
    text = ("Le marché de Bréval change d'horaires\nPublié le 07/06/2024 à 08h15\n"
            "Le marché du samedi ouvrira désormais à 7 heures, a annoncé la mairie, pour "
            "permettre aux producteurs de s'installer avant la chaleur.")
    document = Document(id="n", origin="mem", format="txt", content=text, meta={"type": "text"})
    assert extract(document).date == "2024-06-07"


@pytest.mark.parametrize("source", ["page.html", "feed.xml", "records.jsonl", "chrome.txt",
                                    "club.txt"])
def test_removed_texts_are_exact_substrings_of_the_raw_input(source: str) -> None:
    documents = [d for d in read_sources([str(HERE / source)]) if isinstance(d, Document)]
    assert documents
    for document in documents:
        article = extract(document)
        html = document.meta.get("type") == "html" or document.format in ("html", "warc")
        reference = page_text(document.content) if html else document.content
        for removed in article.removed:
            assert removed.text in reference, (document.id, removed)


def test_html_blocks_outside_the_main_text_are_reported_by_container() -> None:
    document = _doc(HERE / "page.html")
    article = extract(document)
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons["Accueil"] == "outside main content (nav)"
    assert reasons["Un nouveau marché couvert à Bréval"] == "outside main content (aside)"
    assert reasons["© La Gazette du Vercors. Tous droits réservés."] == (
        "outside main content (footer)"
    )
    rendering = page_text(document.content).split("\n")
    assert "Le pont suspendu de Valmorel a rouvert à la circulation mercredi matin, après deux "\
        "ans de travaux de renforcement qui ont coûté 14 millions d'euros au département." \
        in rendering
    # Main-text paragraphs are not reported as removed.
    assert not any("14 millions" in r.text for r in article.removed)


def test_examples_noise_gate() -> None:
    """The sample corpus, written apart from the cleaner, in every format it holds."""
    score = noise_eval.examples_score()
    rates = score.rates()
    assert score.lines == 28 and score.titles == 7, score.misses
    assert rates["noise_lines"] == 1.0, score.misses
    assert rates["fragments"] == 1.0 and rates["titles"] == 1.0, score.misses
    assert rates["body_lost"] <= 0.002, score.misses


def test_a_page_reads_the_same_however_often_the_process_read_it() -> None:
    page = Path(__file__).resolve().parents[2] / "examples" / "voix-des-vallees-menestrol.html"
    (document,) = read_sources([str(page)])
    assert isinstance(document, Document)
    first = extract(document)
    for _ in range(5):
        again = extract(document)
        assert again.text == first.text
        assert again.removed == first.removed
