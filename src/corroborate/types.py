"""The data types every stage passes on, defined once.

Data flows one way: Document -> Article -> Analysis -> Story -> StoryCheck -> Brief -> Report.
All types are plain dataclasses so they serialise to JSON and back without a model loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Document:
    """One raw input item: a file, one JSON record, one feed entry, one WARC record or one URL."""

    id: str
    origin: str  # path, URL or "-" (stdin), plus "#line" / "#entry" for items inside a file
    format: str  # txt | html | jsonl | json | feed | warc | url
    content: str  # decoded text or HTML
    meta: dict[str, str | None] = field(default_factory=dict)  # url, outlet, title, date, lang
    sha: str = ""  # hash of content + meta, the store key


@dataclass
class Removed:
    """A piece of the raw input that extraction dropped, and why."""

    text: str
    reason: str


@dataclass
class Article:
    """A cleaned article: the body text every later span points into."""

    id: str
    source: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO date, or YYYY-MM when only the month is known
    url: str | None = None
    outlet: str | None = None
    lang: str | None = None
    removed: list[Removed] = field(default_factory=list)
    foreign: list[Removed] = field(default_factory=list)  # fragments in another language, kept
    notes: list[str] = field(default_factory=list)
    sha: str = ""  # content hash of the clean article, key of its analysis


@dataclass
class Token:
    """One token of the parse, kept as plain data so later stages never need spaCy."""

    i: int
    text: str
    idx: int  # character offset in Article.text
    lemma: str
    pos: str
    dep: str
    head: int
    ent_iob: str = "O"
    ent_type: str = ""
    morph: str = ""
    sent_start: bool = False


@dataclass
class Span:
    """A character span of Article.text with its exact text."""

    start: int
    end: int
    text: str


@dataclass
class Mention:
    """A named-entity mention in one article."""

    text: str
    label: str  # PER | ORG | LOC | MISC
    start: int
    end: int
    sent: int  # index into Analysis.sentences


@dataclass
class QuoteMention:
    """A direct or indirect quote in one article."""

    text: str
    start: int
    end: int
    kind: str  # direct | indirect
    speaker: str | None = None
    speaker_start: int | None = None
    cue: str | None = None
    sent: int = 0
    role: str | None = None  # role noun lemma when the speaker phrase was a role ("le ministre")


@dataclass
class FactMention:
    """A checkable claim in one article: a number, duration, date, place or event statement."""

    kind: str  # number | count | duration | date | place | money | percent | event
    value: str  # normalised value, comparable across articles ("50 min", "2022-01-10")
    text: str  # exact evidence span
    start: int
    end: int
    sent: int
    slot: str = ""  # what the value is about ("soldats", "durée de l'appel", ...)
    subject: str = ""  # the sentence context: lemmas of the main words around it
    negated: bool = False  # the clause's predicate carries a negation ("ne prononce pas")
    agent: str = ""  # keys of an event clause's doer (subject, "par" agent), space-separated
    patient: str = ""  # keys of what it acts on (object, passive subject, core complement)


@dataclass
class Analysis:
    """What the language pass found in one article."""

    article_id: str
    sha: str
    lang: str | None
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The sentence encoder's vector of the title and lead, made beside the parse on the same
    # worker; not kept in the store (2 KB an article), so an analysis read back has none.
    meaning: list[float] = field(default_factory=list)


@dataclass
class CopyPair:
    """Article `copy` reprints text of article `original`: `similarity` is the MinHash Jaccard
    estimate, `containment` the share of the copy's shingles found in the original, `passage`
    the longest passage (in words, quotes left out) the two share word for word, `kind` one of
    copy | partial | rewrite, and `why` says why `original` is taken for the source."""

    copy: str
    original: str
    similarity: float
    containment: float = 0.0
    passage: int = 0
    kind: str = "copy"
    why: str = ""


@dataclass
class Story:
    """A group of articles about one real-world event."""

    id: str
    articles: list[str]
    date: str | None = None
    copies: list[CopyPair] = field(default_factory=list)


@dataclass
class Evidence:
    """One article's exact words backing (or disputing) a fact, quote or conflict."""

    article: str
    text: str
    value: str | None = None
    start: int | None = None


@dataclass
class Entity:
    """A canonical entity of a story with all the surface forms the articles used."""

    id: str
    name: str
    type: str
    variants: list[str]
    articles: list[str]
    mentions: int
    roles: list[str] = field(default_factory=list)  # role noun lemmas given to it ("ministre")


@dataclass
class Fact:
    """A fact group: the same claim across articles, with its backers and dissenters."""

    id: str
    statement: str
    kind: str
    value: str | None
    support: list[Evidence]
    disputed_by: list[Evidence] = field(default_factory=list)
    outlets: int = 0  # distinct outlets among the backers
    independent: int = 0  # backers once copies collapse into their source (crosscheck.witnesses)
    slot: str = ""  # what the value is about (the counted noun's lemma), "" when unknown
    asked: list[int] = field(default_factory=list)  # support stating it as asked ("20 ans requis")


@dataclass
class Quote:
    """A quote group: the same words reported by one or more articles."""

    id: str
    speaker: str | None
    text: str
    kind: str
    support: list[Evidence]
    outlets: int = 0
    independent: int = 0


@dataclass
class Conflict:
    """A disagreement between articles of a story."""

    id: str
    about: str
    items: list[Evidence]


@dataclass
class Flag:
    """One reason why an article's quality score is what it is."""

    code: str
    detail: str


@dataclass
class Quality:
    """Trust in one copy of the story, 0 to 1, explained by its flags."""

    score: float
    flags: list[Flag] = field(default_factory=list)


@dataclass
class StoryCheck:
    """The cross-check of one story."""

    story: Story
    entities: list[Entity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    quality: dict[str, Quality] = field(default_factory=dict)  # by article id


@dataclass
class Cited:
    """A summary sentence copied from a source, with every article that backs it and, per
    article, the span that backs it (the sentence itself, its near copy, or a fact's clause)."""

    text: str
    sources: list[str]
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Brief:
    """The readable result for one story."""

    story: str
    title: str
    date: str | None
    summary: list[Cited]
    check: StoryCheck


@dataclass
class Report:
    """Everything a run produced: the articles and one brief per story."""

    articles: list[Article]
    briefs: list[Brief]
    story_of: dict[str, str] = field(default_factory=dict)  # article id -> story id
    copy_of: dict[str, str] = field(default_factory=dict)  # article id -> original id
    arcs: list[Arc] = field(default_factory=list)  # arcs linking the report's stories



@dataclass
class ArcChange:
    """A fact whose slot continues from one arc step to the next with a new value: `before`
    in story `from_story`, `after` in story `to_story`, each side with its exact span."""

    from_story: str
    to_story: str
    slot: str
    before: str
    after: str
    evidence: list[Evidence] = field(default_factory=list)  # the before span, then the after


@dataclass
class ArcNewcomer:
    """An actor or place that enters an arc at story `story`: named by most of its articles
    and by no story before it, with the sentence of one article naming it."""

    story: str
    role: str  # actor | place
    name: str
    evidence: Evidence


@dataclass
class Arc:
    """A developing story: related stories (events) in the order of their dates."""

    id: str
    title: str
    stories: list[str]
    changes: list[ArcChange] = field(default_factory=list)
    newcomers: list[ArcNewcomer] = field(default_factory=list)


@dataclass
class Claim:
    """One outlet's stance on one checked item of a story, kept for truth discovery: `value`
    is what it says, `witness` the copy group it belongs to (copies share one vote)."""

    story: str
    item: str
    outlet: str
    witness: str
    value: str


@dataclass
class OutletTrust:
    """How far an outlet's claims held up against independent outlets, across stories."""

    outlet: str
    trust: float
    claims: int = 0  # checked claims (items other independent outlets also spoke on)
    backed: int = 0  # of them backed by another independent outlet
    contradicted: int = 0  # of them contradicted by another independent outlet

    def explain(self) -> str:
        """The trust in words a reader understands."""
        return (
            f"outlet trust {self.trust:.2f} from {self.claims} claims checked in other outlets'"
            f" reports: {self.backed} backed, {self.contradicted} contradicted by independent"
            " outlets"
        )
