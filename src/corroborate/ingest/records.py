"""JSON inputs: a JSON-lines file, or a JSON file holding one record or a list of records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from corroborate.errors import CorroborateError, E
from corroborate.ingest.meta import clean_meta, make_document
from corroborate.ingest.pages import html_has_body, refuse_entities
from corroborate.types import Document


def record_document(record: Any, origin: str, fallback_id: str, fmt: str) -> Document:
    """One record to a Document: only id, url, outlet, title, date, lang, text or html are read."""
    if not isinstance(record, dict):
        raise CorroborateError(E.E006, origin, detail="a JSON record must be an object")
    doc_id = str(record.get("id") or "").strip() or fallback_id
    meta = clean_meta(record)
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        return make_document(doc_id, origin, fmt, text, meta, "text")
    if isinstance(html, str) and html.strip():
        refuse_entities(html, origin)
        if not html_has_body(html):
            raise CorroborateError(E.E007, origin, detail="HTML without a body")
        return make_document(doc_id, origin, fmt, html, meta, "html")
    raise CorroborateError(E.E007, origin, detail="record has no 'text' nor 'html'")


def _reason(error: json.JSONDecodeError) -> str:
    # json's messages end on "starting at" or "at" and lean on the position printed after them.
    return error.msg.removesuffix(" starting at").removesuffix(" at")


def read_jsonl(text: str, origin: str, base: str) -> Iterator[Document | CorroborateError]:
    """One Document per line; a broken line is reported with its number, the others kept."""
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        found = True
        where = f"{origin}#L{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield CorroborateError(
                E.E005, where, line=number, column=error.colno, detail=_reason(error)
            )
            continue
        try:
            yield record_document(record, where, f"{base}-{number}", "jsonl")
        except CorroborateError as error:
            yield error
    if not found:
        yield CorroborateError(E.E002, origin)


def read_json(text: str, origin: str, base: str) -> Iterator[Document | CorroborateError]:
    """A JSON file: one record, or a list of records (numbered from 1)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        yield CorroborateError(
            E.E005, origin, line=error.lineno, column=error.colno, detail=_reason(error)
        )
        return
    if isinstance(data, dict):
        try:
            yield record_document(data, origin, base, "json")
        except CorroborateError as error:
            yield error
        return
    if not isinstance(data, list):
        yield CorroborateError(E.E006, origin, detail="JSON must hold a record or a list")
        return
    if not data:
        yield CorroborateError(E.E002, origin)
    for number, record in enumerate(data, start=1):
        try:
            yield record_document(record, f"{origin}#{number}", f"{base}-{number}", "json")
        except CorroborateError as error:
            yield error
