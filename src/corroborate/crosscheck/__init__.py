"""Crosscheck: a `Story` in, a `StoryCheck` out: who is who, who said what, which facts
several outlets back or dispute, and how far each copy can be trusted.

`story.py` runs the checks in order: `entities/` (canonical entities and speakers),
`quotes/` (quotes and their groups), `facts/` (fact mentions, groups, disputes), then
`quality.py` (one score per article). `parsed.py` is the parse view they all read.
"""

from corroborate.crosscheck.story import check_story

__all__ = ["check_story"]
