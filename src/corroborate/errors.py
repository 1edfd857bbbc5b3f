"""One catalogue of user-facing errors, each with a code and a one-line message."""

from __future__ import annotations

from enum import StrEnum


class E(StrEnum):
    """Error codes and their message templates."""

    E001 = "cannot read file: {detail}"
    E002 = "empty input"
    E003 = "binary content, not text"
    E004 = "cannot decode as text: {detail}"
    E005 = "broken JSON on line {line}, column {column}: {detail}"
    E006 = "unsupported input format: {detail}"
    E007 = "no article text found: {detail}"
    E008 = "file too large: {detail}"
    E009 = "cannot fetch URL: {detail}"
    E010 = "broken archive: {detail}"
    E011 = "invalid feed: {detail}"
    E012 = "no such path: {detail}"
    E020 = "store error: {detail}"
    E021 = "cannot cross-check this story: {detail}"
    E022 = "store busy: {detail}"
    E030 = "invalid report: {detail}"
    E031 = "invalid gold file: {detail}"
    E040 = "no story with id {detail}"
    E041 = "no article with id {detail}"
    E042 = "no job with id {detail}"
    E043 = "no such page: {detail}"
    E044 = "method not allowed: {detail}"
    E045 = "invalid request: {detail}"
    E046 = "HTTP error: {detail}"
    E047 = "article id already taken: {detail}"
    E048 = "adding articles is not allowed: {detail}"
    E049 = "no arc with id {detail}"
    E050 = "cannot export: {detail}"
    E051 = "cannot watch: {detail}"
    E052 = "engine error: {detail}"


class CorroborateError(Exception):
    """An error about one input or request, safe to show to a user as one line."""

    def __init__(self, code: E, origin: str = "", **values: object) -> None:
        self.code = code
        self.origin = origin
        self.message = code.value.format(**values) if values else code.value.split(":")[0]
        super().__init__(self.line())

    def line(self) -> str:
        """The one-line form shown on stderr: origin, code and message."""
        where = f"{self.origin}: " if self.origin else ""
        return f"{where}error {self.code.name}: {self.message}"

    def __reduce__(self) -> tuple[object, tuple[E, str, str]]:
        # Errors come back from worker processes pickled; the default would re-run __init__
        # with the formatted line as the code.
        return _restore, (self.code, self.origin, self.message)


def restore_error(code: E, origin: str, message: str) -> CorroborateError:
    """An error rebuilt from its parts (code, origin, formatted message), as stored or sent."""
    return _restore(code, origin, message)


def _restore(code: E, origin: str, message: str) -> CorroborateError:
    error = CorroborateError(code, origin)
    error.message = message
    error.args = (error.line(),)
    return error
