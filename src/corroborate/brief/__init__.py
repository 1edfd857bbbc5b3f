"""Brief: a story's checks in, a `Brief` out (headline, date, cited extractive summary)."""

from corroborate.brief.summary import make_brief

__all__ = ["make_brief"]
