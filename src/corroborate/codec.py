"""Dataclasses to JSON-ready dicts and back, for the store and the report."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _build(args[0], value) if len(args) == 1 else value
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_build(item, v) for v in value]
    if origin is dict:
        _, item = typing.get_args(tp)
        return {k: _build(item, v) for k, v in value.items()}
    if dataclasses.is_dataclass(tp) and isinstance(value, dict):
        return from_dict(tp, value)  # type: ignore[arg-type]
    return value


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a dataclass (nested ones included) from `dataclasses.asdict` output."""
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs = {k: _build(hints[k], v) for k, v in data.items() if k in names}
    return cls(**kwargs)


def dumps(obj: Any) -> str:
    """Compact JSON of a dataclass."""
    return json.dumps(dataclasses.asdict(obj), ensure_ascii=False, separators=(",", ":"))


def loads(cls: type[T], text: str | bytes) -> T:
    """The dataclass back from `dumps` output."""
    return from_dict(cls, json.loads(text))
