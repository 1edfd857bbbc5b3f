"""Renderers: one report model, several views (JSON, Markdown, HTML)."""
