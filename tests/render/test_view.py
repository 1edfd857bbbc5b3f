"""The reader's view of a story: outlet labels, the outlet-by-fact grid, headlines, counts."""

from corroborate.render.view import disputes, headline, labels, story_view, witnesses

ARTICLES = {
    "a": {"id": "a", "outlet": "www.lemonde.fr", "lang": "fr", "title": None,
          "text": "Le port de Valbrune est fermé. Les dockers sont en grève depuis mardi."},
    "b": {"id": "b", "outlet": "ouest.example", "lang": "fr", "title": "Grève au port"},
    "c": {"id": "c", "outlet": "ouest.example", "lang": "en", "title": "Port strike"},
    "d": {"id": "d", "outlet": None, "lang": "fr", "title": "Sans éditeur"},
}
STORY = {
    "id": "S1",
    "articles": ["a", "b", "c", "d"],
    "copies": [{"copy": "c", "original": "b", "similarity": 0.9}],
    "facts": [
        {"id": "F1", "support": [{"article": "a", "text": "x"}, {"article": "a", "text": "y"},
                                 {"article": "b", "text": "z"}],
         "disputed_by": [{"article": "d", "text": "w", "value": "3"}]},
        {"id": "F2", "support": [{"article": "c", "text": "v"}], "disputed_by": []},
    ],
    "quotes": [{"id": "Q1", "speaker": "Marc Dulac", "support": [{"article": "b", "text": "q"}]}],
    "conflicts": [{"id": "C1", "about": "x", "items": []}],
    "entities": [{"id": "E1", "name": "Marc Dulac", "type": "PER", "variants": ["Dulac"],
                  "articles": ["b"], "mentions": 2},
                 {"id": "E2", "name": "Valbrune", "type": "LOC", "variants": [],
                  "articles": ["a"], "mentions": 1}],
}


def test_labels_are_outlets_numbered_when_shared_and_positions_when_unknown():
    assert labels(STORY, ARTICLES) == {
        "a": "lemonde.fr", "b": "ouest.example 1", "c": "ouest.example 2", "d": "4"
    }


def test_grid_cells_say_backs_disputes_or_silent_per_article_once():
    view = story_view(STORY, ARTICLES)
    assert view["facts"]["F1"]["backs"] == ["a", "b"]
    assert view["facts"]["F1"]["cells"] == ["backs", "backs", "", "disputes"]
    assert view["facts"]["F2"]["cells"] == ["", "", "backs", ""]
    assert view["facts"]["F1"]["outlets"].split("|") == ["lemonde.fr", "ouest.example 1", "4"]
    assert view["facts"]["F2"]["langs"] == "en"
    assert view["speakers"] == ["Marc Dulac"]
    assert [e["name"] for e in view["who"]] == ["Marc Dulac"]
    assert view["langs"] == ["en", "fr"]


def test_headline_falls_back_to_the_first_sentence():
    assert headline(ARTICLES["a"]) == "Le port de Valbrune est fermé."
    assert headline(ARTICLES["b"]) == "Grève au port"
    long = {"id": "x", "title": None, "text": "mot " * 80}
    assert headline(long).endswith("…") and len(headline(long)) <= 121


def test_witnesses_collapse_copies_and_disputes_count_conflicts():
    assert witnesses(STORY, ARTICLES) == 3  # lemonde.fr, ouest.example, d; c copies b
    assert disputes(STORY) == 2
