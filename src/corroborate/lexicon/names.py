"""Name keys and name matching: accent folding, transliteration keys and fuzzy comparison.

A key makes spellings of one name equal when they differ only by accents, case, French versus
English romanisation of Cyrillic (Iouri Ouchakov / Yuri Ushakov), doubled letters or a final
-e/-a (Emily Horne / Emilia Horna). Fuzzy matching on keys catches the remaining misspellings
(Baiden / Biden) with an edit-distance cap so that distinct names (Martin / Martinez) stay apart.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz.distance import JaroWinkler, Levenshtein

RULES = Path(__file__).parent / "rules"
_PARTICLE = re.compile(r"^(?:Le|La|Les|De|Du|Des)\s+(?=[A-ZÀ-Ý])")
_ARTICLE = re.compile(r"^(?:l['’]\s*|d['’]\s*|les\s+|le\s+|la\s+|du\s+|des\s+)", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:\.)?", re.UNICODE)

# Applied in order to a folded word; each pair maps one romanisation habit onto a shared form.
_TRANSLIT = (
    ("tsch", "sh"),
    ("sch", "sh"),
    ("tch", "sh"),
    ("ch", "sh"),
    ("kh", "h"),
    ("ck", "k"),
    ("ph", "f"),
    ("th", "t"),
    ("x", "ks"),
    ("w", "v"),
    ("gue", "ge"),
    ("gui", "gi"),
    ("qu", "k"),
    ("iou", "yu"),
    ("you", "yu"),
    ("ou", "u"),
    ("y", "i"),
    ("j", "i"),
)


def fold(text: str) -> str:
    """Lower case without accents, curly apostrophes made straight, spaces squeezed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("’", "'").replace("‘", "'").lower()
    return " ".join(plain.split())


def strip_article(text: str) -> str:
    """The name without a leading French article or elided preposition (l’OTAN -> OTAN)."""
    stripped = _ARTICLE.sub("", text.strip())
    return stripped or text.strip()


@cache
def _titles() -> frozenset[str]:
    text = (RULES / "titles.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def strip_title(text: str) -> str:
    """The name without a leading courtesy title (Me Thierry Herzog -> Thierry Herzog)."""
    parts = text.strip().split(maxsplit=1)
    if len(parts) == 2 and parts[0] in _titles() and parts[1][:1].isupper():
        return parts[1]
    return text.strip()


def name_surface(text: str, person: bool = False, initial: bool = True) -> str:
    """The form a name is kept under: no title, no article, but a capitalised particle kept.

    A capitalised "Le" or "La" inside a sentence belongs to the name (La Rochelle), and so it
    does before a person's surname anywhere (Le Goarnic); at a sentence start it is an article.
    """
    stripped = strip_title(text)
    if _PARTICLE.match(stripped) and (person or not initial):
        return stripped
    return strip_article(stripped)


def words(text: str) -> list[str]:
    """The folded words of a name, hyphens and apostrophes acting as separators."""
    return _WORD.findall(fold(text).replace("-", " "))


def word_key(word: str) -> str:
    """Transliteration-aware key of one folded word (ouchakov, ushakov -> ushakov)."""
    key = word.rstrip(".")
    for old, new in _TRANSLIT:
        key = key.replace(old, new)
    key = re.sub(r"(.)\1+", r"\1", key)
    if len(key) > 3 and key[-1] in "ea":
        key = key[:-1]
    return key


@lru_cache(maxsize=65536)  # pure, and asked for the same few names many times per story
def name_key(text: str) -> tuple[str, ...]:
    """Key of a whole name: the word keys of its words, article removed."""
    return tuple(word_key(w) for w in words(strip_article(text)))


@lru_cache(maxsize=65536)
def loose_key(text: str) -> str:
    """Accent- and case-folded form without article or punctuation (Otan, OTAN -> otan)."""
    return " ".join(words(strip_article(text)))


def similar_word(a: str, b: str) -> bool:
    """Two word keys that are one misspelling apart (biden / baiden), not two names."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or a[0] != b[0]:
        return False
    distance = Levenshtein.distance(a, b)
    # Two edits only in long words of about equal length: Martin / Martinez are two names.
    limit = 2 if max(len(a), len(b)) >= 8 and abs(len(a) - len(b)) <= 1 else 1
    return distance <= limit and JaroWinkler.similarity(a, b) >= 0.88


def first_names_agree(a: str, b: str) -> bool:
    """First-name keys that may denote one person: equal, an initial, a short form or a typo."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and long.startswith(short) and len(long) - len(short) <= 2:
        return True
    return similar_word(a, b)


def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two multi-word name keys denote one person: same surname, agreeing first names."""
    if not a or not b:
        return False
    if a == b:
        return True
    if len(a) < 2 or len(b) < 2:
        return False
    if not similar_word(a[-1], b[-1]):
        return False
    return first_names_agree(a[0], b[0])


def matches_surname(token: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether a one-word name key is the surname of a multi-word name key (Baiden ~ Joe Biden)."""
    return len(token) == 1 and len(full) >= 2 and similar_word(token[0], full[-1])


def is_capitalised(text: str) -> bool:
    """Whether a surface form starts like a proper name (first letter upper case)."""
    stripped = strip_article(text)
    return bool(stripped) and stripped[0].isupper()


