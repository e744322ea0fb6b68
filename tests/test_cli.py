"""The command-line interface: exact command names, exit codes and one-line errors."""
from __future__ import annotations

from sqlalchemy import func, select

from composer.extensions import db
from composer.models import Article, Issue, User


def test_init_db_is_safe_to_run_twice_and_keeps_data(app, runner) -> None:
    assert runner.invoke(args=["init-db"]).exit_code == 0
    with app.app_context():
        db.session.add(Article(title="Garde-moi", kind="article"))
        db.session.commit()
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 1


def test_seed_demo_is_french_and_safe_to_run_twice(app, runner) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        articles = db.session.scalars(select(Article)).all()
        assert len(articles) >= 30
        assert sum(a.kind == "opinion" for a in articles) >= 8
        assert len({a.section for a in articles}) >= 4
        text = " ".join(a.title + a.lead for a in articles)
        for mark in ("«\u00a0", "\u00a0»", "’", "é", "\u00a0:"):
            assert mark in text
        issues = db.session.scalars(select(Issue)).all()
        assert len(issues) == 1
        assert {i.section for i in issues[0].items} == {"lead", "news", "opinions", "related"}


def test_create_user_reads_the_password_from_stdin(app, runner) -> None:
    result = runner.invoke(args=["create-user", "Awa@Example.org", "--role", "admin"], input="un-long-secret\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.email, user.role) == ("awa@example.org", "admin")
        assert user.check_password("un-long-secret")


def test_create_user_errors_exit_1_with_one_line(app, runner) -> None:
    cases = [
        (["create-user", "pas-un-email", "--role", "editor"], "email"),
        (["create-user", "a@example.org", "--role", "chef"], "chef"),
    ]
    for args, word in cases:
        result = runner.invoke(args=args, input="un-long-secret\n")
        assert result.exit_code == 1
        assert word in result.output and len(result.output.strip().splitlines()) == 1
    assert runner.invoke(args=["create-user", "a@example.org"], input="un-long-secret\n").exit_code == 0
    again = runner.invoke(args=["create-user", "a@example.org"], input="un-long-secret\n")
    assert again.exit_code == 1 and "a@example.org" in again.output
    short = runner.invoke(args=["create-user", "b@example.org"], input="court\n")
    assert short.exit_code == 1


def test_choices_are_offered_from_what_the_services_accept_and_another_is_one_line_exit_1(runner) -> None:
    from composer.delivery.esp import SERVICES
    from composer.email.export import FORMATS
    from composer.email.profiles import PROFILES

    help_text = runner.invoke(args=["export", "--help"]).output
    assert f"[{'|'.join(FORMATS)}]" in help_text and f"[{'|'.join(PROFILES)}]" in help_text
    assert f"[{'|'.join(SERVICES)}]" in runner.invoke(args=["push", "--help"]).output
    for args, word in ((["push", "1", "--service", "sendinblue"], "sendinblue"),
                       (["import", "feed.xml", "--kind", "breve"], "breve")):
        result = runner.invoke(args=args)
        assert result.exit_code == 1, args
        assert word in result.output and len(result.output.strip().splitlines()) == 1
