"""Small builders for test data, through the same services the app uses."""
from __future__ import annotations

from datetime import date, datetime
from itertools import count
from typing import Any

from composer import library
from composer.issues import editing
from composer.models import Article, Issue

_numbers = count(1)


def make_article(title: str = "Un article", **fields: Any) -> Article:
    """An article as the site publishes it: with its own address unless the test says otherwise."""
    fields.setdefault("canonical_url", f"https://www.example.org/articles/{next(_numbers)}")
    tags = fields.pop("tags", [])
    if isinstance(tags, str):
        tags = tags.split(",")
    return library.create_article(library.ArticleData(title=title, tags=tags, **fields))


def make_issue(title: str = "Lettre du jeudi", **fields: Any) -> Issue:
    fields.setdefault("issue_date", date(2026, 11, 26))
    fields.setdefault("subject", "Sahel\u00a0: l’essentiel de la semaine")
    return editing.create_issue(editing.IssueData(title=title, **fields), None)


def at(day: int) -> datetime:
    return datetime(2026, 11, day, 8, 0)


def fill_with_sixty_stories(issue: Issue) -> Issue:
    """Two top stories, 30 news, 10 opinions and 18 « Du même sujet », each with a realistic title, lead,
    link and image: the size of a very long issue (Gmail clips past 102 KB)."""
    sections = ["lead"] * 2 + ["news"] * 30 + ["opinions"] * 10 + ["related"] * 18
    for n, section in enumerate(sections):
        article = make_article(
            f"Titre numéro {n} : le Sahel face à une semaine décisive pour la région",
            kind="opinion" if section == "opinions" else "article", author="Aminata Diallo",
            lead="Un chapô d’une taille réaliste, qui résume l’article en deux phrases pour le lecteur "
                 "pressé, avec des accents et des guillemets « comme ceci ».",
            canonical_url=f"https://example.org/politique/article-numero-{n}-sahel-semaine-decisive",
            image_url=f"https://images.example.org/{n}.jpg", image_alt=f"Une photo {n}")
        editing.add_item(issue, article.id, section, issue.version, None)
    return issue
