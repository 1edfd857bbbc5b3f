"""Dataclasses to JSON-ready dicts and back, for the store and the report."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from functools import cache, partial
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")
Convert = Callable[[Any], Any]
_SCALARS = (str, int, float, bool, type(None))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


@cache
def _flat(cls: type) -> bool:
    # Plain-valued classes (Token) are copied field by field without recursing into each value.
    return all(h in (str, int, float, bool) for h in _hints(cls).values())


def _identity(value: Any) -> Any:
    return value


@cache
def _converter(tp: Any) -> Convert:
    """How to rebuild a JSON value of type `tp`; worked out once per type, not per value."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _converter(args[0]) if len(args) == 1 else _identity
    if origin is list:
        (item,) = typing.get_args(tp)
        each = _converter(item)
        if dataclasses.is_dataclass(item) and isinstance(item, type) and _flat(item):
            return partial(_unrows, item, each)
        if each is _identity:
            return _identity
        return lambda value: [None if v is None else each(v) for v in value]
    if origin is dict:
        _, item = typing.get_args(tp)
        each = _converter(item)
        if each is _identity:
            return _identity
        return lambda value: {k: None if v is None else each(v) for k, v in value.items()}
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        cls = tp
        return lambda value: from_dict(cls, value) if isinstance(value, dict) else value
    return _identity


@cache
def _plan(cls: type) -> tuple[frozenset[str], tuple[tuple[str, Convert], ...]]:
    hints = _hints(cls)
    names = _names(cls)
    converters = tuple((n, c) for n in names if (c := _converter(hints[n])) is not _identity)
    return frozenset(names), converters


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a dataclass (nested ones included) from `dataclasses.asdict` output."""
    names, converters = _plan(cls)
    kwargs = {k: v for k, v in data.items() if k in names}
    for name, convert in converters:
        value = kwargs.get(name)
        if value is not None:
            kwargs[name] = convert(value)
    return cls(**kwargs)


def to_dict(obj: Any) -> Any:
    """What `dataclasses.asdict` gives for JSON (tuples become lists), without its deep copies."""
    if isinstance(obj, _SCALARS):
        return obj
    if isinstance(obj, (list, tuple)):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {to_dict(k): to_dict(v) for k, v in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        cls = type(obj)
        if _flat(cls):
            return {n: getattr(obj, n) for n in _names(cls)}
        return {n: to_dict(getattr(obj, n)) for n in _names(cls)}
    return obj


def _packed(obj: Any) -> Any:
    """`to_dict`, but a list of plain-valued dataclasses becomes one table of rows."""
    if isinstance(obj, list) and obj and dataclasses.is_dataclass(obj[0]):
        cls = type(obj[0])
        if _flat(cls) and all(type(v) is cls for v in obj):
            names = _names(cls)
            row = attrgetter(*names)
            return {"columns": list(names), "rows": [list(row(v)) for v in obj]}
    if isinstance(obj, (list, tuple)):
        return [_packed(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _packed(v) for k, v in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {n: _packed(getattr(obj, n)) for n in _names(type(obj))}
    return obj


def _unrows(cls: type, each: Convert, value: Any) -> list[Any]:
    if isinstance(value, dict):
        columns = tuple(value["columns"])
        if columns == _names(cls):
            return [cls(*row) for row in value["rows"]]
        known = set(_names(cls))  # written by another version: match the columns by name
        return [
            cls(**{c: v for c, v in zip(columns, row, strict=True) if c in known})
            for row in value["rows"]
        ]
    return [None if v is None else each(v) for v in value]


def dumps(obj: Any) -> str:
    """Compact JSON of a dataclass; lists of plain records (tokens, mentions) as tables."""
    return json.dumps(_packed(obj), ensure_ascii=False, separators=(",", ":"))


def loads(cls: type[T], text: str | bytes) -> T:
    """The dataclass back from `dumps` output."""
    return from_dict(cls, json.loads(text))
