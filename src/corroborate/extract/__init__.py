"""Extract: a `Document` in, an `Article` out (clean body, title, date, language, removed noise).

`article.py` runs one document through trafilatura and the plain-text cleaner; batch-level
chrome (lines repeated across one outlet's pages) is `strip_repeated`; `detector` is the shared
language detector, built once per process, and `foreign` tells a text confidently in another
language.
"""

from corroborate.extract.article import article_sha, extract, fix_text
from corroborate.extract.boilerplate import strip_repeated
from corroborate.extract.lang import detector, foreign

__all__ = ["article_sha", "detector", "extract", "fix_text", "foreign", "strip_repeated"]
