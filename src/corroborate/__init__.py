"""corroborate: cross-check the news, with every answer pointing at its source sentence.

`corroborate.check(inputs, db=None)` runs the whole pipeline and returns a `Report`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Report", "__version__", "check"]

if TYPE_CHECKING:
    from corroborate.api import Report, check


def __getattr__(name: str) -> Any:
    # Loaded on first use: worker processes and `corroborate.types` users must not pay for
    # the whole pipeline's imports.
    if name in ("check", "Report"):
        from corroborate import api

        return getattr(api, name)
    raise AttributeError(f"module 'corroborate' has no attribute {name!r}")
