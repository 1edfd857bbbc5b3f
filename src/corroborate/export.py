"""Parquet export: the store's articles, stories, facts, quotes and conflicts as five tables.

The columns are those of `stories.json` (schema `corroborate/report@2`), flattened one row per
item with its story id; evidence stays a list of structs, so a span is never cut from its text.
Needs the `pyarrow` package (installed with corroborate).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from corroborate.errors import CorroborateError, E
from corroborate.render import story_dict
from corroborate.store import Store
from corroborate.types import Quality

TABLES = ("articles", "stories", "facts", "quotes", "conflicts")


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    text, number = pa.string(), pa.int64()
    words = pa.list_(text)
    evidence = pa.list_(pa.struct([("article", text), ("text", text)]))
    valued = pa.list_(pa.struct([("article", text), ("text", text), ("value", text)]))
    return {
        "articles": pa.schema([
            ("id", text), ("story", text), ("copy_of", text), ("source", text), ("url", text),
            ("outlet", text), ("title", text), ("date", text), ("lang", text), ("text", text),
            ("quality", pa.float64()), ("flags", words), ("notes", words),
        ]),
        "stories": pa.schema([
            ("id", text), ("title", text), ("date", text), ("articles", words),
            ("outlets", words), ("summary", words), ("facts", number), ("quotes", number),
            ("conflicts", number),
        ]),
        "facts": pa.schema([
            ("story", text), ("id", text), ("statement", text), ("kind", text), ("value", text),
            ("outlets", number), ("independent", number), ("support", evidence),
            ("disputed_by", valued),
        ]),
        "quotes": pa.schema([
            ("story", text), ("id", text), ("speaker", text), ("text", text), ("kind", text),
            ("outlets", number), ("independent", number), ("support", evidence),
        ]),
        "conflicts": pa.schema([
            ("story", text), ("id", text), ("about", text), ("items", valued),
        ]),
    }


def _nstr(value: Any) -> str | None:
    return None if value is None else str(value)


def _valued(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**ev, "value": _nstr(ev.get("value"))} for ev in items]


def rows(store: Store) -> dict[str, list[dict[str, Any]]]:
    """The five tables as lists of rows, read from the store's articles and briefs."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    story_of: dict[str, str] = {}
    copy_of: dict[str, str] = {}
    quality: dict[str, Quality] = {}
    outlets_of: dict[str, list[str]] = {}
    articles = store.articles()
    outlet = {a.id: a.outlet for a in articles}
    for brief in store.briefs():
        story = story_dict(brief)
        sid = story["id"]
        for article_id in story["articles"]:
            story_of[article_id] = sid
        for pair in brief.check.story.copies:
            copy_of.setdefault(pair.copy, pair.original)
        quality.update(brief.check.quality)
        outlets_of[sid] = sorted({o for a in story["articles"] if (o := outlet.get(a))})
        tables["stories"].append({
            "id": sid, "title": story["title"], "date": story["date"],
            "articles": story["articles"], "outlets": outlets_of[sid],
            "summary": [s["text"] for s in story["summary"]],
            "facts": len(story["facts"]), "quotes": len(story["quotes"]),
            "conflicts": len(story["conflicts"]),
        })
        for fact in story["facts"]:
            tables["facts"].append({
                "story": sid, **fact, "value": _nstr(fact["value"]),
                "disputed_by": _valued(fact["disputed_by"]),
            })
        for quote in story["quotes"]:
            tables["quotes"].append({"story": sid, **quote})
        for conflict in story["conflicts"]:
            tables["conflicts"].append({
                "story": sid, "id": conflict["id"], "about": conflict["about"],
                "items": _valued(conflict["items"]),
            })
    for article in articles:
        score = quality.get(article.id, Quality(score=1.0))
        tables["articles"].append({
            "id": article.id, "story": story_of.get(article.id),
            "copy_of": copy_of.get(article.id), "source": article.source, "url": article.url,
            "outlet": article.outlet, "title": article.title, "date": article.date,
            "lang": article.lang, "text": article.text, "quality": round(score.score, 3),
            "flags": [f.code for f in score.flags], "notes": list(article.notes),
        })
    return tables


def write_parquet(store: Store, folder: Path) -> dict[str, int]:
    """Write one `<table>.parquet` per entity kind into `folder`; rows written per table."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise CorroborateError(
            E.E050, str(folder), detail="Parquet export needs pyarrow (pip install pyarrow)"
        ) from None
    schemas = _schemas()
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for name, table_rows in rows(store).items():
        schema = schemas[name]
        table = pa.Table.from_pylist(
            [{f.name: row.get(f.name) for f in schema} for row in table_rows], schema=schema
        )
        # Written beside, then renamed: a reader never sees half a file.
        partial = folder / f".{name}.parquet.partial"
        pq.write_table(table, partial, compression="zstd")
        partial.replace(folder / f"{name}.parquet")
        counts[name] = table.num_rows
    return counts
