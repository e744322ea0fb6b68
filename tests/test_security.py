"""Issue #18 "Safe to deploy": each finding of the attack on the app, reproduced as an editor (or an admin)
would, against the real app, a real database and real local servers."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from composer.extensions import db
from composer.models import Article, FeedSource, ImportRun
from tests.conftest import post

FIXTURES = Path(__file__).parent / "fixtures"


def count_articles() -> int:
    return db.session.scalar(select(func.count()).select_from(Article))


# 1. Critical — server files through the web import form ------------------------------------------------


@pytest.mark.parametrize("source", ["/proc/self/environ", "/etc/passwd", "{csv}", "composer/__init__.py",
                                    "file:///etc/passwd", "../../etc/passwd"])
def test_the_web_import_form_never_reads_a_file_of_the_server(app, editor_client, source) -> None:
    source = source.format(csv=FIXTURES / "articles.csv")  # a file that would import, were it read
    response = post(editor_client, "/imports", {"url": source, "format": "", "kind": "article", "section": "",
                                                "save_source": "y"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "http" in page and "SECRET_KEY" not in page and "root:" not in page
    with app.app_context():
        assert count_articles() == 0
        assert db.session.scalar(select(func.count()).select_from(FeedSource)) == 0


def test_a_saved_source_holding_a_path_is_not_run(app, editor_client) -> None:
    with app.app_context():  # saved before the fix, or written into the database by other means
        source = FeedSource(url=str(FIXTURES / "articles.csv"), name="articles.csv")
        db.session.add(source)
        db.session.commit()
        source_id = source.id
    response = post(editor_client, f"/imports/sources/{source_id}/run")
    assert response.status_code == 302
    page = editor_client.get("/imports").get_data(as_text=True)
    assert "http" in page and "Échec" in page
    with app.app_context():
        assert count_articles() == 0
        assert db.session.scalar(select(ImportRun.status)) == "failed"


def test_the_command_line_still_reads_local_files(app, runner) -> None:
    result = runner.invoke(args=["import", str(FIXTURES / "articles.csv")])
    assert result.exit_code == 0 and "imported 2" in result.output
