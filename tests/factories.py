"""Small builders for test data, through the same services the app uses."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from composer import curation, library
from composer.models import Article, Issue


def make_article(title: str = "Un article", **fields: Any) -> Article:
    tags = fields.pop("tags", [])
    if isinstance(tags, str):
        tags = tags.split(",")
    return library.create_article(library.ArticleData(title=title, tags=tags, **fields))


def make_issue(title: str = "Lettre du jeudi", **fields: Any) -> Issue:
    fields.setdefault("issue_date", date(2026, 11, 26))
    return curation.create_issue(curation.IssueData(title=title, **fields), None)


def at(day: int) -> datetime:
    return datetime(2026, 11, day, 8, 0)
