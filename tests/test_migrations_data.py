"""Upgrading a database that holds work keeps every row and its search index (SQLite rebuilds tables in
batch migrations)."""
from __future__ import annotations

from flask_migrate import upgrade
from sqlalchemy import func, select

from composer import create_app, library
from composer.extensions import db
from composer.models import Article, IssueItem


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
