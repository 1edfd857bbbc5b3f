"""The learned line classifier: page chrome the rules did not name, told from body by shape.

Each line the rule cascade left undecided is described by features that carry across sites
(position, length, stop-word and punctuation density as jusText uses, capitals, digits, date,
time, URL and handle shapes, a cheap verb cue, similarity to the headline, the labels of its
neighbours) and scored by a logistic regression whose coefficients ship in
`rules/line_model.json` (trained by `benchmarks/train_line_model.py`; nothing is trained at
run time). A line is dropped only above the model's threshold, chosen for precision.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from corroborate.extract.lang import detect
from corroborate.extract.patterns import ends_sentence, has_date, words

MODEL_FILE = "line_model.json"
_TIME = re.compile(r"\b\d{1,2}\s?[h:]\s?\d{2}\b")
_URL = re.compile(r"https?://|www\.|\.(?:fr|com|be|ch|ca|net|org)\b|@\w|#\w")
_QUOTES = re.compile(r"[«»\"“”]")
_BAR = re.compile(r"[|•·>/»›]")
# Finite-verb cue without a parse: the commonest French auxiliaries and verb endings.
_VERBS = {
    "est", "sont", "a", "ont", "était", "étaient", "sera", "seront", "fait", "font", "va",
    "vont", "peut", "peuvent", "doit", "doivent", "avait", "avaient", "aurait", "serait",
    "dit", "été", "is", "are", "was", "were", "has", "have", "said", "will",
}
# Chrome speaks to the reader (follow, watch, your basket); news prose rarely does.
_READER = {"vous", "votre", "vos", "you", "your", "suivez", "regardez", "découvrez", "cliquez"}
_PROSE_MARKS = set("«»“”’‘–—…\u00a0\u202f€°")
_VERB_END = re.compile(r"(?:ait|aient|èrent|era|eront|erait|ions|iez|é|ée|és|ées)$")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """French and English function words (rules/function_words.json), as jusText counts them:
    their share tells prose from labels and names on any site's pages."""
    path = resources.files("corroborate.extract") / "rules" / "function_words.json"
    lists = json.loads(path.read_text("utf-8"))
    return frozenset(w for key, group in lists.items() if key != "about" for w in group)


def _is_stop(token: str, stops: frozenset[str]) -> bool:
    """A function word, also when elided onto the next word ("l'école", "qu'il")."""
    return token in stops or ("'" in token and token.split("'", 1)[0] + "'" in stops)


FEATURES = (
    "position", "first_line", "last_lines", "log_chars", "log_words", "ends_sentence",
    "stop_density", "punct_density", "comma_rate", "capital_rate", "upper_rate", "digit_rate",
    "has_date", "has_time", "url_or_handle", "verb_cue", "title_overlap", "quotes", "colon",
    "bar_or_arrow", "reader_address", "symbol_rate", "foreign", "mean_word_len", "prev_noise",
    "next_noise", "prev_short", "next_short", "before_body",
)


def _in_other_language(text: str, lang: str) -> bool:
    """Whether a line of common words reads as another language than the page's."""
    tokens = words(text)
    lower = [w for w in tokens if w[0].islower()]
    if len(lower) < 3 or len(lower) < 0.4 * len(tokens):
        return False
    found = detect(text)
    return found is not None and found != lang


def line_features(
    texts: Sequence[str], labels: Sequence[str], i: int, title: str | None, lang: str = "fr"
) -> list[float]:
    """The feature vector (in `FEATURES` order) of line `i` of a page's non-blank lines, with
    the cascade's labels so far ('' undecided, 'noise', 'title', 'body')."""
    text = texts[i]
    n = len(texts)
    tokens = words(text)
    nw = max(len(tokens), 1)
    low = [t.lower().replace("’", "'") for t in tokens]
    stops = _stop_words()
    title_words = {w.lower() for w in words(title)} if title else set()
    overlap = (len(set(low) & title_words) / len(set(low))) if title_words and low else 0.0
    verbs = sum(1 for t in low if t in _VERBS or (len(t) > 4 and _VERB_END.search(t)))
    chars = max(len(text), 1)

    def noise(j: int) -> float:
        return float(0 <= j < n and labels[j] in ("noise", "title"))

    def short(j: int) -> float:
        return float(0 <= j < n and len(texts[j]) < 80 and not ends_sentence(texts[j]))

    first_body = next((j for j, t in enumerate(texts) if len(t) >= 150), n)
    return [
        i / max(n - 1, 1),
        float(i == 0),
        float(i >= n - 3),
        math.log1p(len(text)),
        math.log1p(len(tokens)),
        float(ends_sentence(text)),
        sum(_is_stop(t, stops) for t in low) / nw,
        sum(not c.isalnum() and not c.isspace() for c in text) / chars,
        text.count(",") / nw,
        sum(t[0].isupper() for t in tokens) / nw,
        sum(t.isupper() and len(t) > 1 for t in tokens) / nw,
        sum(c.isdigit() for c in text) / chars,
        float(has_date(text)),
        float(bool(_TIME.search(text))),
        float(bool(_URL.search(text))),
        min(verbs, 3) / 3,
        overlap,
        float(bool(_QUOTES.search(text))),
        float(":" in text),
        float(bool(_BAR.search(text))),
        sum(t in _READER for t in low) / nw,
        sum(not c.isascii() and not c.isalpha() and c not in _PROSE_MARKS for c in text) / chars,
        float(_in_other_language(text, lang)),
        sum(len(t) for t in tokens) / nw / 10,
        noise(i - 1),
        noise(i + 1),
        short(i - 1),
        short(i + 1),
        float(i < first_body),
    ]


def load_model(path: Path | None = None) -> dict[str, Any]:
    """The model file: feature names, scaling, coefficients, intercept and threshold."""
    if path is None:
        text = (resources.files("corroborate.extract") / "rules" / MODEL_FILE).read_text("utf-8")
    else:
        text = path.read_text("utf-8")
    model = json.loads(text)
    if tuple(model["features"]) != FEATURES:
        raise ValueError(f"{path or MODEL_FILE}: features differ from the code's")
    return model


_STATE: dict[str, Any] = {}


def use_model(model: dict[str, Any] | None) -> None:
    """Use `model` instead of the shipped one (None: rules only), for evaluation."""
    _STATE["model"] = model


def model() -> dict[str, Any] | None:
    """The model in use: the shipped one unless `use_model` said otherwise."""
    if "model" not in _STATE:
        _STATE["model"] = load_model()
    return _STATE["model"]


def score(vector: Sequence[float], m: dict[str, Any]) -> tuple[float, str]:
    """Probability that the line is chrome, and the two features that pushed it most
    ('high x' or 'low x', against the training mean)."""
    parts = [
        c * (x - mu) / sd
        for x, mu, sd, c in zip(vector, m["mean"], m["scale"], m["coef"], strict=True)
    ]
    z = m["intercept"] + sum(parts)
    top = sorted(range(len(parts)), key=lambda k: -parts[k])[:2]
    why = [
        f"{'high' if vector[k] > m['mean'][k] else 'low'} {FEATURES[k].replace('_', ' ')}"
        for k in top
    ]
    return 1 / (1 + math.exp(-z)), ", ".join(why)


def chrome_lines(
    texts: Sequence[str], labels: Sequence[str], title: str | None, lang: str = "fr"
) -> dict[int, str]:
    """Undecided lines the model takes for chrome, each with its reason."""
    m = model()
    if m is None:
        return {}
    found: dict[int, str] = {}
    for i, label in enumerate(labels):
        if label != "" or not texts[i]:
            continue
        p, why = score(line_features(texts, labels, i, title, lang), m)
        if p >= m["threshold"]:
            found[i] = f"line model ({p:.2f}: {why})"
    return found
