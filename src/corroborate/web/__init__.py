"""The web UI and JSON API over the store: one data dict per page, rendered as HTML or JSON."""
