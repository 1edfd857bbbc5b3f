"""Analyze: an `Article` in, an `Analysis` out (tokens, sentences, entity mentions).

The only stage that touches spaCy (`nlp.py`); a spaCy Doc never leaves it. `sentences.py` gives
sentence vectors (multilingual USE) to the later stages.
"""

from corroborate.analyze.nlp import MODELS, Analyzer, to_analysis
from corroborate.analyze.sentences import Encoder, encoder, title_and_lead

__all__ = ["MODELS", "Analyzer", "Encoder", "encoder", "title_and_lead", "to_analysis"]
