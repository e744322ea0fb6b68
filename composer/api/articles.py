"""API: the content library — search, create, read, update, delete articles."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_babel import gettext as _

from composer import library
from composer.api import api_user, bp, documented, fail
from composer.api.schemas import (
    ArticleIn,
    ArticleOut,
    ArticlePage,
    ArticlePatch,
    ArticleQuery,
    FromUrlIn,
    RelatedList,
    RelatedQuery,
)
from composer.ingest import images
from composer.ingest.importer import ImportOptions, existing_article, read_url
from composer.library.related import suggest_related
from composer.models import Article


def _data(values: dict[str, Any], base: Article | None = None) -> library.ArticleData:
    def pick(name: str, attribute: str | None = None) -> Any:
        if name in values:
            return values[name]
        return getattr(base, attribute or name) if base is not None else None

    return library.ArticleData(
        title=pick("title") or "", kind=pick("kind") or "article", lead=pick("lead") or "",
        body=pick("body") or "", author=pick("author") or "", section=pick("section") or "",
        tags=list(pick("tags", "tag_list") or []), canonical_url=pick("url", "canonical_url"),
        image_url=pick("image_url") or "", image_alt=pick("image_alt") or "",
        language=pick("language") or "fr", published_at=_utc(pick("published_at")),
    )


def _utc(moment: datetime | None) -> datetime | None:
    """Stored dates are naive UTC."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


@bp.route("/articles")
class Articles(MethodView):
    @bp.arguments(ArticleQuery, location="query")
    @bp.response(200, ArticlePage)
    @documented(422)
    def get(self, args: dict[str, Any]) -> Any:
        """Search the library (same search as the web page: accents and case ignored)."""
        query = library.SearchQuery(q=args["q"], kind=args["kind"], section=args["section"], tag=args["tag"])
        page = library.search_articles(query, page=args["page"], per_page=args["per_page"], with_tags=True)
        return {"items": page.items, "total": page.total, "page": page.page, "pages": page.pages,
                "per_page": page.per_page, "capped": page.capped}

    @bp.arguments(ArticleIn)
    @bp.response(201, ArticleOut)
    @documented(400, 409, 422)
    def post(self, values: dict[str, Any]) -> Any:
        """Add an article; a URL already in the library gives 409 with the existing id."""
        article = library.create_article(_data(values), api_user())
        images.article_image(article, current_app.config)  # its real size, for the email
        return article


@bp.route("/articles/<int:article_id>")
class ArticleResource(MethodView):
    @bp.response(200, ArticleOut)
    @documented(404)
    def get(self, article_id: int) -> Any:
        return library.get_article(article_id)

    @bp.arguments(ArticlePatch(partial=True))
    @bp.response(200, ArticleOut)
    @documented(400, 404, 409, 412, 422)
    def patch(self, values: dict[str, Any], article_id: int) -> Any:
        """Change some fields; send the version you read to be warned (412) of a newer one."""
        article = library.get_article(article_id)
        version = values.pop("version", None)
        article = library.update_article(article, _data(values, article), expected_version=version,
                                         user=api_user())
        images.article_image(article, current_app.config)
        return article

    @bp.response(204)
    @documented(404, 409)
    def delete(self, article_id: int) -> None:
        """Move an article to the trash (restorable for 30 days on the Trash page); one used in an issue
        being prepared gives 409."""
        library.trash_article(library.get_article(article_id), api_user())


@bp.route("/articles/<int:article_id>/related", methods=["GET"])
@bp.arguments(RelatedQuery, location="query")
@bp.response(200, RelatedList)
@documented(404, 422)
def related(args: dict[str, Any], article_id: int) -> Any:
    """« Du même sujet »: library articles on the same subject, most relevant first, with the reason."""
    suggestions = suggest_related(library.get_article(article_id), limit=args["limit"])
    return {"items": [{"article": s.article, "reason": s.reason} for s in suggestions]}


def _known(*urls: str | None) -> Article | None:
    known = existing_article(*urls)
    if known is not None and known.deleted_at is not None:
        fail(409, _("This address is already in the library, in the trash: « %(title)s ».", title=known.title),
             existing_id=known.id)
    return known


@bp.route("/articles/from-url", methods=["POST"])
@bp.arguments(FromUrlIn)
@bp.response(201, ArticleOut, description="The article, read from its page and added")
@bp.alt_response(200, schema=ArticleOut, description="The address was already in the library: that article, "
                                                      "unchanged")
@documented(409, 422)
def from_url(values: dict[str, Any]) -> Any:
    """Add an article from its web page: title, chapô, body with intertitles, author, date, rubrique, tags,
    canonical URL, image and language, read as the web page « Ajouter depuis une adresse » does (without the
    review). An address already in the library answers that article (200) instead of a duplicate."""
    url = values["url"].strip()
    known = _known(url)
    if known is not None:
        return known, 200
    draft = read_url(url, ImportOptions.from_config(current_app.config))
    known = _known(draft.article.canonical_url, draft.url)
    if known is not None:
        return known, 200
    return library.create_article(draft.article.record("api").normalised(), api_user()), 201
