"""« Du même sujet »: library articles on the same subject as a story, for the newsletter's related links.

The subject of a story is read from its tags and its named entities (« Burkina Faso », « Wagner »,
« Kidal »: capitalised words, stop words left out) plus its most repeated words; the database's
full-text index finds the articles that share them and weighs rare words above common ones (BM25 /
ts_rank); shared tags, the same rubrique and recency then order the suggestions.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from composer.extensions import db
from composer.library import search
from composer.models import Article
from composer.sanitize import html_to_text
from composer.text import fold, words

STOP_WORDS = set("""
a afin ai ainsi alors apres au aucun aussi autre aux avait avant avec avoir ce ceci cela celle celles celui
ces cet cette chaque comme comment contre dans de depuis des deux dont du elle elles en encore entre est et
etait ete etre eux fait faut il ils jamais je la le les leur leurs lui mais meme mes moins mon ne ni non nos
notre nous on ont ou par parce pas peu peut plus pour pourquoi quand que quel quelle quelles quels qui sa sans
se selon ses si son sont sous sur ta tandis te tes ton tous tout toute toutes tres tu un une vers voici voila
vos votre vous ete etaient cet cette ceux afin lors selon apres tandis deja ainsi notamment aupres dont
the and for with from this that les des une aux ses leurs dun dune quil quelle lun lune
""".split())
# Capitalised words, runs of them kept together (« Burkina Faso »); sentence openers are mostly stop words.
ENTITY = re.compile(r"\b([A-ZÀ-ÖØ-Þ][\w’'-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w’'-]+)*)")
MAX_TERMS = 10


@dataclass
class Suggestion:
    article: Article
    reason: str
    score: float = 0.0
    shared: list[str] = field(default_factory=list)


def subject_terms(article: Article) -> tuple[list[str], list[str]]:
    """The words that say what a story is about (folded, most telling first), and how to name them."""
    text = " ".join((article.title, article.lead, html_to_text(article.body)))
    entities = Counter(m.group(1) for m in ENTITY.finditer(text))
    names: dict[str, str] = {}
    weights: Counter[str] = Counter()
    for tag in article.tag_list:
        for word in words(tag):
            weights[word] += 3
            names.setdefault(word, tag)
    for entity, count in entities.items():
        for word in words(entity):
            if len(word) > 2 and word not in STOP_WORDS:
                weights[word] += 2 * count
                names.setdefault(word, entity)
    for word, count in Counter(words(text)).items():
        if len(word) > 3 and word not in STOP_WORDS and count > 1:
            weights[word] += count
    ranked = [w for w, _c in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))][:MAX_TERMS]
    return ranked, [names.get(w, w) for w in ranked]


def suggest_related(article: Article, exclude: set[int] | None = None, limit: int = 5,
                    now: datetime | None = None) -> list[Suggestion]:
    terms, labels = subject_terms(article)
    if not terms:
        return []
    label_of = dict(zip(terms, labels, strict=True))
    excluded = {article.id, *(exclude or set())}
    stmt, relevance = search.matching(select(Article).options(selectinload(Article.tag_links)), terms, any_term=True)
    stmt = stmt.add_columns(relevance.label("relevance")).where(Article.id.notin_(excluded))
    rows = db.session.execute(stmt.order_by(relevance.desc(), Article.published_at.desc()).limit(40)).all()
    if not rows:
        return []
    best = max(float(r.relevance or 0) for r in rows) or 1.0
    own_tags = {fold(t) for t in article.tag_list}
    moment = now or datetime.now()
    suggestions = []
    for candidate, score in rows:
        text = fold(" ".join((candidate.title, candidate.lead, candidate.tags)))
        shared_tags = [t for t in candidate.tag_list if fold(t) in own_tags]
        shared_terms = [label_of[t] for t in terms if t in text.split() or f" {t}" in f" {text}"]
        days = max(0.0, (moment - candidate.published_at).total_seconds() / 86400)
        value = (float(score or 0) / best) + 0.5 * len(shared_tags) \
            + (0.2 if candidate.section and candidate.section == article.section else 0) + 0.3 / (1 + days / 30)
        shared = list(dict.fromkeys(shared_tags + shared_terms))
        if shared:
            reason = _("Shared: %(list)s", list=", ".join(f"« {s} »" for s in shared[:3]))
        else:
            reason = _("Similar wording")
        suggestions.append(Suggestion(candidate, reason, value, shared))
    suggestions.sort(key=lambda s: (-round(s.score, 6), -s.article.published_at.timestamp(), -s.article.id))
    return suggestions[:limit]
