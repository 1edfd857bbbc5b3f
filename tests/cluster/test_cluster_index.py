"""The clusterer's bounded live state: the story index and the forgetting IDF table."""

from __future__ import annotations

import json

from corroborate.cluster.df import DocFrequencies
from corroborate.cluster.index import StoryIndex


def test_index_ranks_stories_by_shared_keys_and_bounds_each_list() -> None:
    index = StoryIndex(cap=2)
    index.post("S1", ["@valmont", "greve", "cheminot"])
    index.post("S2", ["@valmont", "crue"])
    index.post("S3", ["@valmont", "greve"])  # "@valmont" now holds S2 and S3: S1 went
    assert list(index.postings["@valmont"]) == ["S2", "S3"]
    assert index.keys_of["S1"] == {"greve", "cheminot"}
    assert index.ranked(["@valmont", "greve", "cheminot"], 2) == ["S3", "S1"]
    assert index.ranked(["@valmont", "crue"], 5) == ["S2", "S3"]


def test_a_dropped_or_renamed_story_leaves_no_trace_in_the_index() -> None:
    index = StoryIndex(cap=8)
    index.post("T1", ["greve", "cheminot"])
    index.post("S4", ["greve", "@castel"])
    index.rename("T1", "S5")
    assert "T1" not in index.keys_of and list(index.postings["cheminot"]) == ["S5"]
    assert list(index.postings["greve"]) == ["S4", "S5"]  # renamed means posted anew
    index.drop("S4")
    assert "@castel" not in index.postings and list(index.postings["greve"]) == ["S5"]
    resumed = StoryIndex.from_state(json.loads(json.dumps(index.state())), cap=8)
    assert resumed.postings == index.postings and resumed.keys_of == index.keys_of


def test_document_frequencies_forget_words_no_longer_used() -> None:
    table = DocFrequencies(halving=1000, forget=4)  # checked every 2 articles
    table.add(["@valmont", "greve"])
    table.add(["@valmont", "crue"])
    for _ in range(3):
        table.add(["@valmont", "marche"])
    # "greve", unused for 4 articles, is gone; "crue", unused for 3, not yet.
    assert table.counts == {"@valmont": 5, "crue": 1, "marche": 3}
    resumed = DocFrequencies.from_state(json.loads(json.dumps(table.state())), 1000, 4)
    for t in (table, resumed):
        t.add(["@valmont", "greve"])
        # The words in use are counted exactly; a forgotten word that comes back is new.
        assert t.counts == {"@valmont": 6, "marche": 3, "greve": 1}
        assert t.docs == 6


def test_document_frequencies_halve_with_their_document_count() -> None:
    table = DocFrequencies(halving=4, forget=100)
    for word in ("greve", "greve", "greve", "crue"):
        table.add(["@valmont", word])
    # The 4th article halves the counts of the first three, then adds its own.
    assert table.docs == 2
    assert table.counts == {"@valmont": 2, "greve": 1, "crue": 1}
