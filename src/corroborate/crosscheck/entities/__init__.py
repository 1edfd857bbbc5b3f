"""Entities: one canonical entity per real referent across a story's articles, and the
speakers and roles the quote finder resolves against."""

from corroborate.crosscheck.entities.resolve import canonical, is_junk, resolve_entities
from corroborate.crosscheck.entities.speakers import SpeakerResolver

__all__ = ["SpeakerResolver", "canonical", "is_junk", "resolve_entities"]
