"""Quotes: direct and reported speech with its speaker, grouped across outlets."""

from corroborate.crosscheck.quotes.find import find_quotes
from corroborate.crosscheck.quotes.groups import group_quotes

__all__ = ["find_quotes", "group_quotes"]
