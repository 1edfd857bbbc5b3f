"""Load the shared evaluation articles as label-free Articles, with analyses cached on disk."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import pickle
from importlib.metadata import version
from pathlib import Path

from corroborate.types import Analysis, Article

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev"
SEEDS = SHARED / "corpus" / "seeds"
CACHE = Path("/tmp/corroborate-bench-cache")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def record_article(record: dict) -> Article:
    """An Article from a dev record; the `story` and `note` labels are never copied."""
    return Article(
        id=record["id"],
        source=record.get("url") or record["id"],
        text=record["text"],
        title=record.get("title"),
        date=record.get("date"),
        url=record.get("url"),
        outlet=record.get("outlet"),
        lang=record.get("lang") or "fr",
        sha=_sha(record["text"]),
    )


def load_labelled(shared: Path = SHARED) -> tuple[list[Article], dict[str, str]]:
    """Dev, reserve and seed articles, plus the gold story of each id (for scoring only)."""
    articles: list[Article] = []
    gold: dict[str, str] = {}
    dev = shared / "eval" / "dev"
    for name in ("articles.jsonl", "reserve.jsonl"):
        for line in (dev / name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            articles.append(record_article(record))
            gold[record["id"]] = record["story"]
    for path in sorted((shared / "corpus" / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        articles.append(
            Article(id=path.stem, source=str(path), text=text, lang="fr", sha=_sha(text))
        )
        gold[path.stem] = "seed"
    return articles, gold


def analyses_for(articles: list[Article]) -> dict[str, Analysis]:
    """Analyses of the articles by id, computed once per text and model, then read from /tmp."""
    CACHE.mkdir(parents=True, exist_ok=True)
    # The analysis depends on the texts, the spaCy version and the analyze module's own code;
    # neither is imported on a cache hit, so a reading process stays small.
    spec = importlib.util.find_spec("corroborate.analyze.nlp")
    assert spec is not None and spec.origin is not None
    code = Path(spec.origin).read_text(encoding="utf-8")
    key = _sha("".join(a.sha for a in articles) + version("spacy") + code)
    path = CACHE / f"analyses-{key}.pickle"
    if path.exists():
        with path.open("rb") as handle:
            return pickle.load(handle)
    import corroborate.analyze.nlp as analyze_module

    result = {a.article_id: a for a in analyze_module.Analyzer().analyze(articles)}
    with path.open("wb") as handle:
        pickle.dump(result, handle)
    return result
