"""Arcs: stories in, arcs out. A developing story links the stories (events) of the same
actors over days to months, in date order, with what changed at each step.

`profile.py` reads what linking needs from a story's brief, `link.py` attaches each new story
to an arc or starts one (Story Forest's gates), `changes.py` finds the facts whose slot
continues from one step to the next with a new value."""

from corroborate.arcs.build import arcs_for, link_arcs
from corroborate.arcs.changes import changes
from corroborate.arcs.link import Linker, restore, save
from corroborate.arcs.profile import Profile, profile

__all__ = ["Linker", "Profile", "arcs_for", "changes", "link_arcs", "profile", "restore", "save"]
