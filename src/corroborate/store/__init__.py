"""The store: all SQL of the project lives in this package."""

from corroborate.store.sqlite import Store

__all__ = ["Store"]
