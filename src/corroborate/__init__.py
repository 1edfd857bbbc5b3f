"""corroborate: cross-check the news, with every answer pointing at its source sentence."""

__version__ = "0.1.0"
