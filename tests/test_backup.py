"""Backup and restore: a round trip gives back the same database, on SQLite and PostgreSQL."""
from __future__ import annotations

import json

from sqlalchemy import select

from composer.backup import TABLES
from composer.demo import seed
from composer.email.brand import Brand
from composer.email.render import render_issue
from composer.extensions import db
from composer.issues import lifecycle
from composer.models import Issue, User


def _empty(app) -> None:
    with app.app_context():
        for name in reversed(TABLES):
            db.session.execute(db.metadata.tables[name].delete())
        db.session.commit()


def _snapshot() -> dict[str, list[dict]]:
    return {name: [dict(r) for r in db.session.execute(select(db.metadata.tables[name])
                                                       .order_by(db.metadata.tables[name].c.id)).mappings()]
            for name in TABLES}


def test_round_trip_restores_everything_exactly(app, runner, admin, tmp_path) -> None:
    with app.app_context():
        seed()
        issue = db.session.query(Issue).one()
        lifecycle.set_status(issue, "sent", issue.version, None, Brand.from_mapping({}))
        before = _snapshot()
        sent_html = render_issue(db.session.get(Issue, issue.id), "generic", Brand.from_mapping({})).html
    path = tmp_path / "sauvegarde.jsonl"
    result = runner.invoke(args=["backup", str(path), "--with-secrets"])
    assert result.exit_code == 0, result.output
    header = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert header["format"] == "composer-backup" and header["with_secrets"] is True
    _empty(app)
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _snapshot() == before
        issue = db.session.query(Issue).one()
        assert render_issue(issue, "generic", Brand.from_mapping({})).html == sent_html
        assert db.session.get(User, admin.id).check_password("motdepasse-solide")
        # new rows get new ids after a restore (sequences moved on)
        from tests.factories import make_article

        assert make_article("Après restauration").id > max(r["id"] for r in before["articles"])


def test_without_secrets_passwords_are_left_out_and_cannot_be_used(app, runner, admin, tmp_path) -> None:
    path = tmp_path / "sans-secrets.jsonl"
    assert runner.invoke(args=["backup", str(path)]).exit_code == 0
    assert "password_hash" not in path.read_text(encoding="utf-8")
    _empty(app)
    assert runner.invoke(args=["restore", str(path)]).exit_code == 0
    with app.app_context():
        assert not db.session.get(User, admin.id).check_password("motdepasse-solide")


def test_restore_refuses_a_database_that_is_not_empty_or_a_foreign_file(app, runner, admin, tmp_path) -> None:
    path = tmp_path / "b.jsonl"
    runner.invoke(args=["backup", str(path)])
    refused = runner.invoke(args=["restore", str(path)])
    assert refused.exit_code == 1 and len(refused.output.strip().splitlines()) == 1
    other = tmp_path / "autre.jsonl"
    other.write_text('{"hello": 1}\n', encoding="utf-8")
    assert runner.invoke(args=["restore", str(other)]).exit_code == 1
