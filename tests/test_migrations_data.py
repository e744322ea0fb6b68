"""Upgrading a database that holds work keeps every row and its search index (SQLite rebuilds tables in
batch migrations)."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, make_url, select, text

from composer import create_app, library
from composer.extensions import db
from composer.models import Article, IssueItem, Tag
from composer.text import fold
from tests.conftest import PG_URL


def test_upgrading_from_the_first_schema_keeps_issues_items_and_articles(tmp_path) -> None:
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite'}"})
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="3de904d03587")  # before the later batch migrations
        connection = db.session.connection()
        connection.exec_driver_sql(
            "INSERT INTO articles (id, kind, title, lead, body, author, section, tags, image_url, image_alt, "
            "language, published_at, created_at, updated_at, version, search_title, search_text, search_tags) "
            "VALUES (1, 'article', 'Kidal', '', '', '', '', '', '', '', 'fr', '2026-11-24', '2026-11-24', "
            "'2026-11-24', 1, 'kidal', 'kidal', '||')")
        connection.exec_driver_sql(
            "INSERT INTO issues (id, title, subject, preheader, intro, issue_date, language, status, version, "
            "created_at, updated_at) VALUES (1, 'Lettre', '', '', '', '2026-11-26', 'fr', 'draft', 1, "
            "'2026-11-24', '2026-11-24')")
        connection.exec_driver_sql("INSERT INTO issue_items (id, issue_id, article_id, section, position) "
                                   "VALUES (1, 1, 1, 'lead', 0)")
        db.session.commit()
        upgrade(directory=directory)
        assert db.session.scalar(select(func.count()).select_from(IssueItem)) == 1
        assert db.session.scalar(select(func.count()).select_from(Article)) == 1
        # The full-text index survived the rebuild of articles, and still follows edits.
        assert [a.title for a in library.search_articles(library.SearchQuery(q="kidal")).items] == ["Kidal"]
        article = db.session.get(Article, 1)
        library.update_article(article, library.ArticleData(title="Kidal et Tessalit"))
        assert [a.title for a in library.search_articles(library.SearchQuery(q="tessalit")).items] \
            == ["Kidal et Tessalit"]
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def old_database(request, tmp_path) -> Iterator[Flask]:
    """An app on an empty database of its own, so that the migrations run from the start: a SQLite file, or
    (when the suite runs on PostgreSQL) a database made beside the test database and dropped afterwards."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    elif not PG_URL:
        pytest.skip("the suite runs on SQLite (set DATABASE_URL to a PostgreSQL test database)")
    else:
        base = make_url(PG_URL)
        url = base.set(database=f"{base.database}_migration_{uuid.uuid4().hex[:8]}").render_as_string(False)
        server = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{make_url(url).database}"')
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": url})
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if request.param == "postgresql":
            with server.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE "{make_url(url).database}"')
            server.dispose()


def test_tags_move_from_text_to_their_own_table_and_still_filter_as_the_search_folds(old_database) -> None:
    app = old_database
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="8aa98318bcdd")  # tags still a comma-separated text
        connection = db.session.connection()
        for number, (title, tags) in enumerate([("Kidal repris", "Sécurité, Mali"),
                                                ("Tessalit", "sécurité,  Kidal , , Kidal"),
                                                ("Sans étiquette", ""),
                                                ("Abidjan", "Côte d’Ivoire, cœur"),
                                                ("Gao", "MALI")], start=1):
            names = [t.strip() for t in tags.split(",") if t.strip()]
            connection.execute(text(
                "INSERT INTO articles (id, kind, title, lead, body, author, section, tags, image_url, image_alt, "
                "language, published_at, created_at, updated_at, version, search_title, search_text, search_tags) "
                "VALUES (:id, 'article', :title, '', '', '', '', :tags, '', '', 'fr', :day, :day, :day, 1, "
                ":search_title, :search_text, :search_tags)"),
                {"id": number, "title": title, "tags": tags, "day": datetime(2026, 11, number),
                 "search_title": fold(title), "search_text": fold(f"{title} {tags}"),
                 "search_tags": "|" + "|".join(fold(t) for t in names) + "|"})
        db.session.commit()
        upgrade(directory=directory)

        def tags_of(article_id: int) -> list[str]:
            return db.session.get(Article, article_id).tag_list

        def titles(**query: str) -> list[str]:
            return sorted(a.title for a in library.search_articles(library.SearchQuery(**query)).items)

        assert [tags_of(n) for n in range(1, 6)] == [["Sécurité", "Mali"], ["sécurité", "Kidal"], [],
                                                     ["Côte d’Ivoire", "cœur"], ["MALI"]]
        assert db.session.get(Article, 2).tags == "sécurité, Kidal"
        folded = dict(db.session.execute(select(Tag.name, Tag.folded)).all())
        assert folded == {"Sécurité": "securite", "sécurité": "securite", "Mali": "mali", "MALI": "mali",
                          "Kidal": "kidal", "Côte d’Ivoire": "cote d’ivoire", "cœur": "coeur"}
        # The tag filter matches as the search always folded: accents, case and ligatures aside.
        assert titles(tag="SECURITE") == ["Kidal repris", "Tessalit"]
        assert titles(tag="mali") == ["Gao", "Kidal repris"]
        assert titles(tag="coeur") == ["Abidjan"]
        # The full-text index survived the rebuild of articles, and still follows edits (tags included).
        assert titles(q="tessalit") == ["Tessalit"]
        library.update_article(db.session.get(Article, 2), library.ArticleData(title="Tessalit", tags=["Aguelhok"]))
        assert titles(q="aguelhok") == ["Tessalit"] and titles(tag="aguelhok") == ["Tessalit"]
        assert titles(tag="securite") == ["Kidal repris"]
