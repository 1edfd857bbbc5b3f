"""Pydantic models at the API edge: the `stories.json` shapes, plus page and job wrappers."""

from __future__ import annotations

from pydantic import BaseModel, Field


class EvidenceModel(BaseModel):
    """One article's exact words backing or disputing a claim."""

    article: str
    text: str
    value: str | None = None


class RemovedModel(BaseModel):
    """A piece of the raw input that extraction dropped, and why."""

    text: str
    reason: str


class FlagModel(BaseModel):
    """One reason behind a quality score."""

    code: str
    detail: str


class QualityModel(BaseModel):
    """Trust in one copy, 0 to 1, explained by its flags."""

    score: float
    flags: list[FlagModel]


class ArticleModel(BaseModel):
    """An article as `stories.json` shows it."""

    id: str
    source: str
    url: str | None
    outlet: str | None
    title: str | None
    date: str | None
    lang: str | None
    text: str
    removed: list[RemovedModel]
    quality: QualityModel
    story: str | None
    copy_of: str | None


class CitedModel(BaseModel):
    """A summary sentence, the articles that back it and the span in each."""

    text: str
    sources: list[str]
    evidence: list[EvidenceModel] = []


class EntityModel(BaseModel):
    """A canonical entity with its surface forms."""

    id: str
    name: str
    type: str
    variants: list[str]
    articles: list[str]
    mentions: int


class FactModel(BaseModel):
    """A fact group with its backers and dissenters."""

    id: str
    statement: str
    kind: str
    value: str | None
    support: list[EvidenceModel]
    disputed_by: list[EvidenceModel]
    outlets: int = 0
    independent: int = 0


class QuoteModel(BaseModel):
    """A quote group."""

    id: str
    speaker: str | None
    text: str
    kind: str
    support: list[EvidenceModel]
    outlets: int = 0
    independent: int = 0


class ConflictModel(BaseModel):
    """A disagreement between articles."""

    id: str
    about: str
    items: list[EvidenceModel]


class CopyModel(BaseModel):
    """A near-duplicate pair."""

    copy_: str = Field(alias="copy")
    original: str
    similarity: float
    containment: float = 0.0
    passage: int = 0
    kind: str = "copy"
    why: str = ""

    model_config = {"populate_by_name": True, "serialize_by_alias": True}


class StoryModel(BaseModel):
    """A story as `stories.json` shows it."""

    id: str
    title: str
    date: str | None
    articles: list[str]
    copies: list[CopyModel] = []
    summary: list[CitedModel]
    entities: list[EntityModel]
    facts: list[FactModel]
    quotes: list[QuoteModel]
    conflicts: list[ConflictModel]


class SpanModel(BaseModel):
    """One article's exact words."""

    article: str
    text: str


class ChangeModel(BaseModel):
    """A claim whose slot continues from one arc step to the next with a new value."""

    from_: str = Field(alias="from")
    to: str
    slot: str
    before: str
    after: str
    evidence: list[SpanModel]

    model_config = {"populate_by_name": True, "serialize_by_alias": True}


class NewcomerModel(BaseModel):
    """An actor or place entering an arc at one of its stories."""

    story: str
    role: str
    name: str
    evidence: list[SpanModel]


class ArcModel(BaseModel):
    """An arc as `stories.json` shows it: its stories in date order and what changed."""

    id: str
    title: str
    stories: list[str]
    changes: list[ChangeModel]
    newcomers: list[NewcomerModel] = []


class ArcRow(ArcModel):
    """An arc in the arcs list, with its page."""

    href: str


class ArcsPage(BaseModel):
    """Every arc of the store."""

    arcs: list[ArcRow]


class ArcPage(BaseModel):
    """One arc and its stories, in the arc's order."""

    arc: ArcModel
    stories: list[StoryModel]


class StoryRow(BaseModel):
    """One line of the stories list."""

    id: str
    title: str
    date: str | None
    articles: int
    outlets: int
    independent: int = Field(description="Outlets less the copies of another article")
    disputes: int = Field(description="Disputed facts plus conflicts")
    facts: int
    conflicts: int
    agreement: float
    href: str


class StoriesPage(BaseModel):
    """The stories list, filtered by an optional full-text query."""

    query: str
    stories: list[StoryRow]


class StoryPage(BaseModel):
    """One story and the articles it is made of."""

    story: StoryModel
    articles: list[ArticleModel]


class StoryRef(BaseModel):
    """The story an article belongs to."""

    id: str
    title: str
    href: str


class EntitySpan(BaseModel):
    """An entity mention in the article text, by character offsets."""

    start: int
    end: int
    label: str


class ArticlePage(BaseModel):
    """One article, the story it belongs to, its entity mentions and the highlighted span."""

    article: ArticleModel
    story: StoryRef | None
    highlight: str | None
    match: str  # exact | closest (the most similar sentence) | none
    marks: list[tuple[int, int]]
    entities: list[EntitySpan]


class NewArticle(BaseModel):
    """An article to add: its text (with optional title, URL, id, outlet, date and language),
    or only a URL to fetch."""

    text: str | None = Field(default=None, max_length=5_000_000)
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=4000)
    id: str | None = Field(default=None, max_length=200)
    outlet: str | None = Field(default=None, max_length=200, description="e.g. lemonde.fr")
    date: str | None = Field(default=None, max_length=40, description="ISO date of publication")
    lang: str | None = Field(default=None, max_length=10, description="e.g. fr, en")


class JobModel(BaseModel):
    """A background run of the pipeline over added articles."""

    id: str
    state: str  # queued | running | done | failed
    stage: str
    done: int
    total: int
    message: str
    errors: list[str]
    articles: list[str]
    stories: list[StoryRef]
    href: str


class ErrorModel(BaseModel):
    """The one error shape of the API and the pages."""

    ok: bool = False
    status: int
    code: str
    error: str
