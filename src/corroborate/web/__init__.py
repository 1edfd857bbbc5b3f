"""The web UI and JSON API over the store: one data dict per page, rendered as HTML or JSON."""

from corroborate.web.app import WriteGate, create_app

__all__ = ["WriteGate", "create_app"]
