"""The learned line classifier: shipped as JSON coefficients, applied after the rules."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from corroborate.extract import extract, learned
from corroborate.extract.plain import clean_plain, rule_pass
from corroborate.types import Document

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CLUB = ROOT / "tests" / "fixtures" / "ingest" / "club.txt"
TEASER = "Cinq astuces pour réduire votre facture d’électricité cet été"


def _doc(path: Path) -> Document:
    return Document(id=path.stem, origin=str(path), format="txt",
                    content=path.read_text("utf-8"), meta={"type": "text"})


@pytest.fixture
def rules_only() -> Iterator[None]:
    learned.use_model(None)
    yield
    learned.use_model(learned.load_model())


def test_model_file_is_plain_coefficients() -> None:
    text = (resources.files("corroborate.extract") / "rules" / "line_model.json").read_text()
    model = json.loads(text)
    n = len(learned.FEATURES)
    assert model["features"] == list(learned.FEATURES)
    assert len(model["coef"]) == len(model["mean"]) == len(model["scale"]) == n
    assert 0.5 <= model["threshold"] < 1
    assert set(model["trained_on"]) == {"dev", "dev2", "arcs-xling"}


def test_model_with_other_features_is_refused(tmp_path: Path) -> None:
    model = learned.load_model()
    model["features"] = model["features"][:-1]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model), "utf-8")
    with pytest.raises(ValueError, match="features differ"):
        learned.load_model(path)


PAGE = (
    "Le conseil municipal de Bréval adopte le budget de l'école\n"
    "Le conseil municipal a adopté jeudi soir le budget de l'école primaire, qui prévoit la "
    "rénovation de la cantine et l'achat de tableaux numériques pour les quatre classes.\n"
    "Découvrez toutes nos offres pour votre été\n"
    "Le maire a indiqué que les travaux commenceraient en juillet, pendant les vacances "
    "scolaires, et dureraient six semaines selon le calendrier présenté aux parents.\n"
    "Les parents d'élèves ont salué un budget attendu depuis plusieurs années, a expliqué leur "
    "représentante à l'issue de la séance."
)
PROMO = "Découvrez toutes nos offres pour votre été"


def test_promo_the_rules_miss_is_dropped_with_its_reason(rules_only: None) -> None:
    assert PROMO in clean_plain(PAGE).text.split("\n")
    learned.use_model(learned.load_model())
    cleaned = clean_plain(PAGE)
    assert PROMO not in cleaned.text.split("\n")
    assert len(cleaned.text.split("\n")) == 3
    reason = {r.text: r.reason for r in cleaned.removed}[PROMO]
    assert reason.startswith("line model (") and "high reader address" in reason


def test_teaser_the_model_reads_as_chrome() -> None:
    page = EXAMPLES / "actumonde24-barrage-menestrol-fissure.txt"
    article = extract(_doc(page))
    assert TEASER not in article.text.split("\n")
    assert {r.text: r.reason for r in article.removed}[TEASER].startswith("line model (")


def test_model_keeps_every_body_paragraph_of_a_club_page() -> None:
    raw = CLUB.read_text("utf-8")
    content, title, _ = rule_pass(raw)
    texts = [line.clean for line in content]
    labels = [line.label for line in content]
    taken = learned.chrome_lines(texts, labels, title)
    assert all(len(texts[i]) < 60 for i in taken), [texts[i] for i in taken]
    kept = clean_plain(raw).text
    assert "Il a fallu attendre la dernière minute pour voir Jeanne Le Dantec" in kept


def test_date_heading_is_never_taken() -> None:
    raw = ("Chronologie de l'affaire des écoutes\nPublié le 12/03/2024\n"
           "Le tribunal a rendu sa décision après trois semaines d'audience et de longs débats "
           "sur la procédure, a indiqué la présidente.\n1er mars 2021\nPartager\n"
           "L'ancien président est condamné à trois ans de prison dont un ferme, a annoncé la "
           "cour.")
    assert "1er mars 2021" in clean_plain(raw).text.split("\n")


def test_features_read_shape_not_words() -> None:
    texts = ["Suivez-nous sur @gazette", "Le maire a présenté jeudi le budget de la commune, "
             "qui prévoit une hausse des investissements."]
    link = learned.line_features(texts, ["", ""], 0, None)
    prose = learned.line_features(texts, ["", ""], 1, None)
    at = {name: k for k, name in enumerate(learned.FEATURES)}
    assert link[at["url_or_handle"]] == 1 and prose[at["url_or_handle"]] == 0
    assert prose[at["verb_cue"]] > link[at["verb_cue"]]
    assert prose[at["stop_density"]] > link[at["stop_density"]]
    assert prose[at["ends_sentence"]] == 1
