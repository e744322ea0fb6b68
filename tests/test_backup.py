"""Backup and restore: a round trip gives back the same database, on SQLite and PostgreSQL."""
from __future__ import annotations

import json

from sqlalchemy import select

from composer.accounts.tokens import create_token
from composer.backup import TABLES
from composer.delivery import esp
from composer.demo import seed
from composer.email.brand import Brand
from composer.email.brand_settings import save_brand
from composer.email.render import render_issue
from composer.extensions import db
from composer.ingest import ImportResult, record_run
from composer.ingest.mapping import save_settings_labels
from composer.issues import lifecycle, presence
from composer.models import ActionKey, CampaignPush, EmailImage, FeedSource, Issue, Job, LinkProblem, User
from tests.conftest import login


def _empty(app) -> None:
    with app.app_context():
        for name in reversed(TABLES):
            db.session.execute(db.metadata.tables[name].delete())
        db.session.commit()


def _snapshot() -> dict[str, list[dict]]:
    def rows(table) -> list[dict]:
        return [dict(r) for r in db.session.execute(select(table).order_by(*table.primary_key.columns)).mappings()]

    return {name: rows(db.metadata.tables[name]) for name in TABLES}


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


def test_every_table_of_the_schema_is_backed_up_and_restored(app, client, runner, admin, tmp_path) -> None:
    """A table added to the models is in the backup without anyone listing it: here every table holds a row."""
    assert login(client, admin.email).status_code == 302  # a server-side session
    with app.app_context():
        save_settings_labels("Opinions\nTribune")
        db.session.add(ActionKey(key="clé-du-formulaire", user_id=admin.id, result_url="/issues"))
        db.session.add(EmailImage(key="abc.jpg", source_url="https://images.example.org/a.jpg", slot="lead",
                                  width=1104, height=621, content_type="image/jpeg", content=b"\xff\xd8\xff"))
        seed()
        user = db.session.get(User, admin.id)
        issue = db.session.query(Issue).one()
        presence.mark_present(issue, user)
        save_brand({"publication_name": "Horizon Sahel", "accent_color": "#9c2f1e", "postal_address": "Bamako",
                    "sender_email": "lettre@example.org", "unsubscribe_url": "https://example.org/d"}, None, user)
        create_token(user, "script")
        esp.save_account("brevo", "clé-brevo", app.config)
        db.session.add(CampaignPush(issue_id=issue.id, service="brevo", status="failed", message="refusée"))
        source = FeedSource(name="Horizon", url="https://horizon-sahel.example/feed/")
        db.session.add(source)
        db.session.flush()
        run = record_run(source.url, "rss", ImportResult(imported=1), user, feed_source_id=source.id)
        db.session.add(Job(kind="links", status="done", user_id=user.id, feed_source_id=source.id,
                           import_run_id=run.id, issue_id=issue.id))
        db.session.add(LinkProblem(issue_id=issue.id, url="https://example.org/disparu", place="Une",
                                   reason="404 Not Found"))
        lifecycle.set_status(issue, "sent", issue.version, user, Brand.from_mapping({}))
        before = _snapshot()
        assert set(before) == set(db.metadata.tables)
        assert [name for name, rows in before.items() if not rows] == []
    path = tmp_path / "tout.jsonl"
    assert runner.invoke(args=["backup", str(path), "--with-secrets"]).exit_code == 0
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    assert {line["table"] for line in lines} == set(db.metadata.tables)
    _empty(app)
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _snapshot() == before
