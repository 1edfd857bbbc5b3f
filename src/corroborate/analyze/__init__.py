"""Analyze: an `Article` in, an `Analysis` out (tokens, sentences, entity mentions).

The only stage that touches spaCy (`nlp.py`); a spaCy Doc never leaves it.
"""

from corroborate.analyze.nlp import MODELS, Analyzer, to_analysis

__all__ = ["MODELS", "Analyzer", "to_analysis"]
