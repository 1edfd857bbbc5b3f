"""Crosscheck: a `Story` in, a `StoryCheck` out: who is who, who said what, which facts
several outlets back or dispute, and how far each copy can be trusted.

`story.py` runs the checks in order: `entities/` (canonical entities and speakers),
`quotes/` (quotes and their groups), `facts/` (fact mentions, groups, disputes), then
`quality.py` (one score per article). `parsed.py` is the parse view they all read.
`witnesses.py` counts the independent witnesses behind each fact and quote (copies collapse
into their source); `trust.py` turns the claims of all stories into a trust per outlet.
"""

from corroborate.crosscheck.story import check_story
from corroborate.crosscheck.trust import claims_of, discover

__all__ = ["check_story", "claims_of", "discover"]
