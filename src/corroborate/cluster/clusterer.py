"""Incremental story clustering: each new article joins the best story or opens a new one.

Decision. An article is compared with the centroids of candidate stories found through an
inverted index (its most telling entities and lemmas -> recently active stories; bounded
lists, never all pairs). The score mixes three TF-IDF cosines (lemmas, entities, numbers and
dates) and subtracts a penalty when the article's event day and the story's are further apart
than a few days: related events share actors and vocabulary but not their day. The article
joins the best story scoring at least `join`, else it opens a story. IDF comes from document
frequencies that grow with every article. A candidate whose day gap alone keeps it under
`join` is not scored further (on a stream, most candidates are other days' events).

Merge and move rule, applied by `consolidate()` after each batch. The batch and the articles
that came in the `window_days` before it (at most `window` articles in all; one that came
before the stream's clock started counts as recent) are taken out of their stories and
re-clustered best pair first: each starts alone, and the highest-scoring pair of clusters
(two window clusters, or one with an older story) is merged while it scores at least
`join`, raised by `lift` as both grow; two older stories merge when their centroids, changed
by the batch, score at least `merge`. So the result does not depend on the order of the
window's articles, and an early wrong grouping is undone while its articles are still in the
window. An older story keeps its id; a new story takes the id `add` gave most of its members;
`merged` maps every id that disappeared to the one that took it.

Bounded cost and memory on an endless stream. A story no article joined for `idle_days` days
of the stream's clock (read from publication dates), with `keep_articles` articles since, or
for `idle_close` articles whatever the dates, is closed: its members stay, its centroid and
index entries go (stories holding articles of the consolidation window are never idle).
A story that closes, merges away or is renamed leaves the index at once (see cluster_index).
Document frequencies are halved every `df_halving` articles, so IDF follows the recent
stream, and a word no article used for `df_forget` articles is forgotten (see cluster_df).
`stories()` and `state()` consolidate pending articles first.
"""

from __future__ import annotations

import heapq
import math
from collections import OrderedDict

from corroborate.cluster.centroid import CHANNELS, Centroid
from corroborate.cluster.clock import StreamClock
from corroborate.cluster.copies import CopyIndex
from corroborate.cluster.df import DocFrequencies
from corroborate.cluster.features import Features, extract, iso
from corroborate.cluster.index import StoryIndex
from corroborate.cluster.score import PARAMS, ClusterParams, Vectors, bound, fit, penalty, weigh
from corroborate.settings import SETTINGS, Settings
from corroborate.types import Analysis, Article, CopyPair, Story

LOG_LINES = 1000


class Clusterer:
    """Streaming story assignment with incremental IDF, copy detection and batch consolidation."""

    def __init__(self, settings: Settings = SETTINGS, params: ClusterParams = PARAMS) -> None:
        self.settings = settings
        self.params = params
        self.docs = 0
        self._df = DocFrequencies(params.df_halving, params.df_forget)
        self.clock = StreamClock()
        self.story_of: dict[str, str] = {}
        self.merged: dict[str, str] = {}  # vanished story id -> id that took its articles
        self.copies: list[CopyPair] = []
        self.log: list[str] = []  # the latest consolidation reports
        self.closed: dict[str, list[str]] = {}  # closed story id -> members (no centroid kept)
        self._closed_dates: dict[str, str | None] = {}
        self._stories: dict[str, Centroid] = {}
        self._index = StoryIndex(params.postings)
        self._next = 1
        self._temp = 0
        self._batch: dict[str, Features] = {}  # added since the last consolidation
        self._window: OrderedDict[str, Features] = OrderedDict()  # the latest articles
        self._copy_index = CopyIndex(settings)
        self._limits = (params.max_terms, params.max_ents, params.max_marks)
        self._logs: list[float] = [0.0]  # log(n + 1) by n, for the IDF

    # -- streaming -------------------------------------------------------------------------

    def add(self, article: Article, analysis: Analysis) -> str:
        """Assign one article to the best story or a new one; return the story id."""
        if article.id in self.story_of:
            return self.story_of[article.id]
        features = extract(article, analysis)
        if self.params.meaning:
            features.vec = analysis.meaning or self._encode(article)
        self.clock.see(article.date)
        self.docs += 1
        if self._df.add([k for channel in CHANNELS for k in getattr(features, channel)]):
            for story in self._stories.values():
                story.cache = None  # IDF changed at once: every centroid is weighed again
        vectors = self._vectors(features)
        best, best_score = None, self.params.join
        keys = self._index_keys(vectors)
        for story in self._candidates(vectors, keys):
            score = self._score(vectors, (features.day, features.span), story, features)
            if score >= best_score:
                best, best_score = story, score
        if best is None:
            best = Centroid(id=f"S{self._next}")
            self._next += 1
            self._stories[best.id] = best
        self._join(best, features, vectors, keys)
        features.arrival = self.clock.now()
        self._batch[article.id] = features
        self._window[article.id] = features
        if len(self._window) > self.params.window:
            self._window.popitem(last=False)
        self.copies.extend(self._copy_index.add(article))
        return best.id

    def consolidate(self) -> list[str]:
        """Re-cluster the articles added since the last call, best pairs first; report changes."""
        if not self._batch:
            return []
        batch, self._batch = self._batch, {}
        now = self.clock.now()
        since = None if now is None else now - self.params.window_days
        report = self._recluster(
            {
                key: f
                for key, f in self._window.items()
                if self.story_of[key] in self._stories
                and (key in batch or since is None or f.arrival is None or f.arrival >= since)
            }
        )
        self.log = (self.log + report)[-LOG_LINES:]
        return report

    def _recluster(self, batch: dict[str, Features]) -> list[str]:
        before = {article_id: self.story_of[article_id] for article_id in batch}
        for features in batch.values():
            story = self._stories[self.story_of[features.id]]
            story.add(features, -1.0, self._limits, self.params.day_window)
            if not story.members:
                del self._stories[story.id]
                self._index.drop(story.id)
        old = set(self._stories)
        fresh = []
        for features in batch.values():
            self._temp += 1
            story = Centroid(id=f"T{self._temp}")
            self._stories[story.id] = story
            self._join(story, features, self._vectors(features))
            fresh.append(story.id)
        report = self._agglomerate(old, fresh)
        report += self._name_new_stories(old, before)
        report += self._close_idle()
        return report

    def _idle(self, story: Centroid, now: int | None) -> bool:
        """Whether nothing joined the story for long enough, in stream days or in articles."""
        p = self.params
        idle = self.docs - story.touched
        if idle > p.idle_close:
            return True
        if idle <= p.keep_articles or now is None:
            return False
        return story.touched_day is None or now - story.touched_day > p.idle_days

    def _close_idle(self) -> list[str]:
        """Close idle stories: drop their centroid and index entries, keep their members."""
        report = []
        now = self.clock.now()
        for story in [s for s in self._stories.values() if self._idle(s, now)]:
            self._index.drop(story.id)
            self.closed[story.id] = list(story.members)
            self._closed_dates[story.id] = iso(*story.day())
            del self._stories[story.id]
            report.append(f"closed {story.id}")
        return report

    def stories(self) -> list[Story]:
        """All stories (closed ones too), with their event date and the copy pairs inside each.

        Articles added since the last `consolidate()` are consolidated first."""
        self.consolidate()
        copies_in: dict[str, list[CopyPair]] = {}
        for pair in self.copies:
            story = self.story_of.get(pair.copy)
            if story is not None and story == self.story_of.get(pair.original):
                copies_in.setdefault(story, []).append(pair)
        result = [
            Story(id=sid, articles=list(members), date=self._closed_dates.get(sid))
            for sid, members in self.closed.items()
        ]
        for story in self._stories.values():
            result.append(Story(id=story.id, articles=list(story.members), date=iso(*story.day())))
        for story in result:
            story.copies = copies_in.get(story.id, [])
        return sorted(result, key=lambda s: _number(s.id))

    @property
    def df(self) -> dict[str, int]:
        """The document frequency of each key of the recent stream."""
        return self._df.counts

    @property
    def df_docs(self) -> int:
        """The document count behind `df` (halved with it)."""
        return self._df.docs

    # -- scoring ---------------------------------------------------------------------------

    def _weigh(self, channels: list[dict[str, float]]) -> Vectors:
        return weigh(channels, self._df.counts, self._df.docs, self._logs)

    def _vectors(self, features: Features) -> Vectors:
        return self._weigh([features.terms, features.ents, features.marks])

    def _story_vectors(self, story: Centroid) -> Vectors:
        # IDF drifts slowly: on a large stream a centroid is re-weighed when it changed or the
        # corpus grew 5%; on a small one always, so that saved-and-resumed runs match exactly.
        p = self.params
        stale = self.docs > story.cached_at * 1.05 or self.docs < p.exact_idf_below
        if story.cache is None or (stale and self.docs != story.cached_at):
            story.cache = self._weigh([story.terms, story.ents, story.marks])
            story.cached_at = self.docs
        return story.cache

    def _encode(self, article: Article) -> list[float]:
        """The sentence encoder's vector of the article's title and lead, for an analysis
        that came without it (one read back from the store)."""
        from corroborate.analyze import encoder, title_and_lead

        return [float(x) for x in encoder().encode([title_and_lead(article)])[0]]

    def _score(
        self,
        vectors: Vectors,
        day: tuple[int | None, int],
        story: Centroid,
        features: Features | None = None,
    ) -> float:
        """How well an article (its weighted vectors and event day) fits a story."""
        gap = penalty(day, story.day(), self.params)
        best = bound(gap, self.params)
        if best is not None:
            return best
        meaning = None
        if features is not None and features.lang and story.langs and (
            features.lang not in story.langs
        ):
            meaning = story.meaning(features.vec)
        return fit(vectors, self._story_vectors(story), gap, self.params, meaning)

    def _pair_score(self, a: Centroid, b: Centroid) -> float:
        """How well two stories fit each other (symmetric)."""
        gap = penalty(a.day(), b.day(), self.params)
        best = bound(gap, self.params)
        if best is not None:
            return best
        meaning = None
        if a.langs and b.langs and not (a.langs.keys() & b.langs.keys()) and b.vec is not None:
            meaning = a.meaning(b.vec)
        return fit(self._story_vectors(a), self._story_vectors(b), gap, self.params, meaning)

    # -- index -----------------------------------------------------------------------------

    def _index_keys(self, vectors: Vectors) -> list[str]:
        """The most telling entities and lemmas: keys into the inverted index."""
        pool = {**vectors[0], **vectors[1]}
        return heapq.nlargest(self.params.index_keys, pool, key=pool.__getitem__)

    def _candidates(self, vectors: Vectors, keys: list[str] | None = None) -> list[Centroid]:
        keys = self._index_keys(vectors) if keys is None else keys
        ranked = self._index.ranked(keys, self.params.candidates)
        return [self._stories[s] for s in ranked]

    def _post(self, story: Centroid, keys: list[str]) -> None:
        self._index.post(story.id, keys)

    def _join(
        self, story: Centroid, features: Features, vectors: Vectors, keys: list[str] | None = None
    ) -> None:
        alone = not story.members
        story.add(features, 1.0, self._limits, self.params.day_window)
        if alone:
            # A one-article story weighs exactly as its article: no need to weigh it again.
            story.cache, story.cached_at = vectors, self.docs
        story.touched = self.docs
        story.touched_day = self.clock.now()
        self.story_of[features.id] = story.id
        self._post(story, self._index_keys(vectors) if keys is None else keys)

    # -- consolidation ---------------------------------------------------------------------

    def _agglomerate(self, old: set[str], fresh: list[str]) -> list[str]:
        """Best-first merging of the batch's singletons with each other and the older stories."""
        version: dict[str, int] = {}
        heap: list[tuple[float, str, str, int, int]] = []
        report: list[str] = []

        def threshold(a: str, b: str) -> float:
            if a in old and b in old:
                return self.params.merge
            # Two grown clusters must agree more than two single articles: centroids are smooth.
            size = min(len(self._stories[a].members), len(self._stories[b].members))
            return self.params.join + self.params.lift * (1.0 - 1.0 / math.sqrt(size))

        def push(story: Centroid) -> None:
            for other in self._candidates(self._story_vectors(story)):
                if other is story or (
                    other.id in old and story.id in old and not version.get(other.id)
                ):
                    continue
                score = self._pair_score(story, other)
                if score >= threshold(story.id, other.id):
                    item = (
                        -score,
                        story.id,
                        other.id,
                        version.get(story.id, 0),
                        version.get(other.id, 0),
                    )
                    heapq.heappush(heap, item)

        for story_id in fresh:
            push(self._stories[story_id])
        while heap:
            _, a, b, va, vb = heapq.heappop(heap)
            if a not in self._stories or b not in self._stories:
                continue
            if (va, vb) != (version.get(a, 0), version.get(b, 0)):
                score = self._pair_score(self._stories[a], self._stories[b])
                if score >= threshold(a, b):
                    heapq.heappush(heap, (-score, a, b, version.get(a, 0), version.get(b, 0)))
                continue
            keep, gone = sorted((a, b), key=lambda s: (s not in old, _number(s)))
            kept, lost = self._stories[keep], self._stories.pop(gone)
            self._index.drop(gone)
            for member in lost.members:
                self.story_of[member] = keep
            kept.absorb(lost, self._limits)
            if gone in old:
                self.merged[gone] = keep
                report.append(f"merged {gone} into {keep}")
            version[keep] = version.get(keep, 0) + 1
            self._post(kept, self._index_keys(self._story_vectors(kept)))
            push(kept)
        return report

    def _name_new_stories(self, old: set[str], before: dict[str, str]) -> list[str]:
        """Give each new story the provisional id most of its members got from `add`."""
        taken = set(old)
        new = [s for s in self._stories.values() if s.id not in old]
        for story in sorted(
            new, key=lambda s: min(_number(before[m]) for m in s.members if m in before)
        ):
            votes: dict[str, int] = {}
            for member in story.members:
                was = before.get(member)
                if was is not None and was not in taken:
                    votes[was] = votes.get(was, 0) + 1
            if votes:
                name = min(votes, key=lambda v: (-votes[v], _number(v)))
            else:
                name = f"S{self._next}"
                self._next += 1
            taken.add(name)
            del self._stories[story.id]
            self._index.rename(story.id, name)
            story.id = name
            self._stories[name] = story
            for member in story.members:
                self.story_of[member] = name
            self._post(story, self._index_keys(self._story_vectors(story)))
        report = []
        for article_id, was in before.items():
            now = self.story_of[article_id]
            if now != was:
                report.append(f"moved {article_id} from {was} to {now}")
                if was not in self._stories:
                    self.merged.setdefault(was, now)
        return report


def _number(story_id: str) -> int:
    return int(story_id[1:])


def cluster(
    articles: list[Article], analyses: list[Analysis], settings: Settings = SETTINGS
) -> list[Story]:
    """One-shot clustering of a collection: add every article, consolidate once, return stories."""
    clusterer = Clusterer(settings)
    by_id = {a.article_id: a for a in analyses}
    for article in articles:
        clusterer.add(article, by_id[article.id])
    clusterer.consolidate()
    return clusterer.stories()


__all__ = ["PARAMS", "ClusterParams", "Clusterer", "cluster"]
