"""Extract: turn a Document into an Article (clean body, title, date, language, noise removed).

HTML goes through trafilatura first; every text then goes through the plain-text line
cleaner (`plain.py`), which records each removed line or fragment with its reason.

What `removed` holds, per input kind: for plain text and JSON records, whole stripped lines or
fragments of the raw text. For HTML the raw input is read as its text rendering
(`blocks.page_text`: tags dropped, entities decoded, one block per line, spaces collapsed):
`removed` lists the blocks trafilatura left out ("outside main content (nav)", ...), then the
lines the cleaner dropped from trafilatura's text, each an exact substring of that rendering;
a cleaner piece that cannot be found in it is left out and counted in a note.
Batch-level chrome (lines repeated across pages of one outlet) is `boilerplate.strip_repeated`.
"""

from __future__ import annotations

import hashlib

import ftfy

from corroborate.errors import CorroborateError, E
from corroborate.extract.blocks import anchor, outside_main, page_blocks
from corroborate.extract.dates import best_date
from corroborate.extract.html import parse_html
from corroborate.extract.lang import detect
from corroborate.extract.plain import clean_plain
from corroborate.ingest import outlet_of
from corroborate.settings import SETTINGS
from corroborate.types import Article, Document, Removed

__all__ = ["extract", "fix_text"]

# Only encoding repairs: quotes, widths, ligatures and spaces stay as written so that spans
# map back to the source exactly.
_FIX = ftfy.TextFixerConfig(
    unescape_html=False, uncurl_quotes=False, fix_latin_ligatures=False,
    fix_character_width=False, fix_line_breaks=False, normalization=None,
    remove_control_chars=False, explain=False,
)


def fix_text(text: str) -> str:
    """Repair mojibake (UTF-8 read as cp1252 and the like) and nothing else."""
    return ftfy.fix_text(text, config=_FIX)


def extract(document: Document, max_chars: int = SETTINGS.max_text_chars) -> Article:
    """Clean one Document; raises CorroborateError E007 when no article text is left and
    E008 when the text is longer than the language pass takes (`max_chars`)."""
    meta = document.meta
    url = meta.get("url")
    title, meta_date, notes = meta.get("title"), meta.get("date"), []
    html = meta.get("type") == "html" or document.format in ("html", "warc")
    outside: list[Removed] = []
    if html:
        parts = parse_html(document.content, url)
        raw, url = parts.text, url or parts.url
        blocks = [(fix_text(text), where) for text, where in page_blocks(document.content)]
        outside = outside_main(blocks, fix_text(raw), title or parts.title)
        title = title or parts.title
        meta_date = meta_date or parts.date
        if parts.author:
            notes.append(f"author: {parts.author}")
        if parts.sitename:
            notes.append(f"site: {parts.sitename}")
    else:
        raw = document.content
    raw = fix_text(raw)
    if raw != document.content and meta.get("type") != "html":
        notes.append("mojibake repaired")
    guess = detect(sample(raw)) or meta.get("lang") or "fr"
    cleaned = clean_plain(raw, fix_text(title) if title else None, guess)
    if not cleaned.text.strip():
        raise CorroborateError(E.E007, document.origin, detail="nothing left after cleaning")
    if len(cleaned.text) > max_chars:
        detail = (f"article text of {len(cleaned.text):,} characters, more than the "
                  f"{max_chars:,} the analysis takes (Settings.max_text_chars)")
        raise CorroborateError(E.E008, document.origin, detail=detail)
    removed = cleaned.removed
    if html:
        rendering = "\n".join(text for text, _ in blocks)
        anchored = [a for r in removed if (a := anchor(r, rendering)) is not None]
        if len(anchored) < len(removed):
            notes.append(f"{len(removed) - len(anchored)} removed pieces not found on the page")
        removed = outside + anchored
    lang = detect(sample(cleaned.text)) or meta.get("lang") or guess
    date = best_date(meta_date, cleaned.header, url, cleaned.text, cleaned.month_hint)
    article = Article(
        id=document.id,
        source=document.origin,
        text=cleaned.text,
        title=cleaned.title,
        date=date,
        url=url,
        outlet=meta.get("outlet") or outlet_of(url),
        lang=lang,
        removed=removed,
        foreign=cleaned.foreign,
        notes=notes,
    )
    article.sha = article_sha(article)
    return article


def sample(text: str, limit: int = 1200) -> str:
    """The start of a text, cut at a space near `limit` characters: enough for its language.

    Detection time grows with the length of the text while its answer settles within a few
    hundred characters.
    """
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit // 2, limit)
    return text[: cut if cut > 0 else limit]


def article_sha(article: Article) -> str:
    """Content hash of the clean article: text, title, date and language."""
    digest = hashlib.sha256()
    for part in (article.text, article.title or "", article.date or "", article.lang or ""):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()
