"""Configuration: every setting of README's table is honoured from instance/config.py and from the environment
(COMPOSER_<NAME>, JSON-typed by Flask; a few names also unprefixed), read once when the app is made."""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from cryptography.fernet import Fernet
from flask import Flask
from flask_migrate import upgrade
from huey import RedisHuey
from werkzeug.middleware.proxy_fix import ProxyFix

from composer import UNPREFIXED_SETTINGS, create_app, devsetup
from composer.delivery import esp, smtp
from composer.email.brand import current_brand
from composer.errors import DomainError
from composer.extensions import db
from composer.ingest.importer import ImportOptions
from composer.issues import editing
from composer.jobs.queue import queue_of
from composer.models import User
from tests.feedserver import FeedServer
from tests.test_delivery import Mailbox
from tests.test_delivery import _free_port as free_port

README = Path(__file__).resolve().parent.parent / "README.md"
ESP_KEY = Fernet.generate_key().decode()

# One value per setting of README's table, chosen so that JSON would spoil a text one ("9876543210").
VALUES: dict[str, Any] = {
    "SECRET_KEY": "9876543210",
    "BRAND": {"publication_name": "Le Courrier du Sahel", "sender_email": "lettre@courrier.example"},
    "ADMIN_EMAIL": "cheffe@courrier.example",
    "ADMIN_PASSWORD": "84731920567381",
    "INGEST_MAX_BYTES": 100_000,
    "INGEST_ALLOW_PRIVATE": True,
    "PROXY_FIX": 2,
    "SESSION_COOKIE_SECURE": True,
    "ESP_ENCRYPTION_KEY": ESP_KEY,
    "PUBLIC_URL": "https://lettre.courrier.example",
    "MAIL_SERVER": "127.0.0.1",
    "MAIL_USE_TLS": True,
    "MAIL_USERNAME": "lettre",
    "MAIL_PASSWORD": "1234",
    "MAIL_DEFAULT_SENDER": "envois@courrier.example",
    "LOGIN_RATE_LIMIT": "2 per minute",
    "RATELIMIT_STORAGE_URI": "memory://#composer-test",
    "FETCH_DEADLINE": 12.5,
    "ESP_ALLOW_LOCAL": True,
    "IMAGE_MEASURE": False,
    "TRUSTED_HOSTS": ["localhost", "lettre.courrier.example"],
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "JOBS_STORE": "/nulle-part/jobs.sqlite",  # unused while REDIS_URL is set
    "JOBS_NAME": "courrier-config",
    "JOBS_WORKERS": 3,
    "JOBS_LEASE": 120,
    "JOBS_IMMEDIATE": True,
    "LINK_CHECK_ON_READY": False,
}  # DATABASE_URL and MAIL_PORT depend on the test's directory and SMTP server


def readme_settings() -> dict[str, tuple[list[str], list[str]]]:
    """README's configuration table: each setting with its environment names and its unprefixed names."""
    section = README.read_text(encoding="utf-8").split("## Configuration", 1)[1].split("\n## ", 1)[0]
    table: dict[str, tuple[list[str], list[str]]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`"):
            names, env, plain = (re.findall(r"`([A-Z_]+)`", cell) for cell in cells[:3])
            for name in names:
                table[name] = (env, plain)
    return table


def test_readme_names_the_environment_variable_of_every_setting() -> None:
    table = readme_settings()
    assert set(table) == {*VALUES, "DATABASE_URL", "MAIL_PORT"}
    for name, (env, _plain) in table.items():
        assert f"COMPOSER_{name}" in env, name
    assert {name for _env, plain in table.values() for name in plain} == set(UNPREFIXED_SETTINGS)


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No setting from the shell that runs the suite (DATABASE_URL on PostgreSQL runs, say) leaks in."""
    for name in list(os.environ):
        if name.startswith("COMPOSER_") or name in readme_settings():
            monkeypatch.delenv(name)
    return monkeypatch


@pytest.fixture
def mail_server() -> Iterator[int]:
    port = free_port()
    controller = Controller(Mailbox(), hostname="127.0.0.1", port=port)
    controller.start()
    yield port
    controller.stop()


def settings(tmp_path: Path, mail_port: int) -> dict[str, Any]:
    return {**VALUES, "DATABASE_URL": f"sqlite:///{tmp_path / 'lettre.sqlite'}", "MAIL_PORT": mail_port}


def from_environment(monkeypatch: pytest.MonkeyPatch, values: dict[str, Any]) -> None:
    for name, value in values.items():
        monkeypatch.setenv(f"COMPOSER_{name}", value if isinstance(value, str) else json.dumps(value))


def from_file(instance: Path, values: dict[str, Any]) -> None:
    instance.mkdir(exist_ok=True)
    (instance / "config.py").write_text("".join(f"{name} = {value!r}\n" for name, value in values.items()),
                                        encoding="utf-8")


@pytest.mark.parametrize("source", ["environment", "instance/config.py"])
def test_every_setting_takes_effect_from_the_file_and_from_the_environment(
        source: str, tmp_path: Path, clean_environment: pytest.MonkeyPatch, mail_server: int) -> None:
    instance = tmp_path / "instance"
    values = settings(tmp_path, mail_server)
    if source == "environment":
        from_environment(clean_environment, values)
    else:
        from_file(instance, values)
    app = create_app(instance_path=instance)
    try:
        assert_every_setting_took_effect(app, instance)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def assert_every_setting_took_effect(app: Flask, instance: Path) -> None:
    config = app.config
    assert app.secret_key == "9876543210"
    with app.app_context():
        assert db.engine.url.database == str(instance.parent / "lettre.sqlite")
        upgrade(directory=app.extensions["migrate"].directory)
        brand = current_brand()
        assert (brand.publication_name, brand.sender_email) == ("Le Courrier du Sahel", "lettre@courrier.example")
        assert brand.archive_base_url == "https://lettre.courrier.example"  # PUBLIC_URL
        account = esp.save_account("brevo", "clé-brevo", config)
        assert Fernet(ESP_KEY.encode()).decrypt(account.secret_encrypted.encode()) == "clé-brevo".encode()
        issue = editing.create_issue(editing.IssueData(title="Lettre", issue_date=date(2026, 11, 26)), None)
        # MAIL_SERVER and MAIL_PORT reach the test server; MAIL_USE_TLS asks it for STARTTLS, which it lacks.
        with pytest.raises(DomainError, match=rf"127\.0\.0\.1:{config['MAIL_PORT']}\W+STARTTLS"):
            smtp.send_test(issue, ["redaction@example.org"], brand, config)
    assert (config["MAIL_USERNAME"], config["MAIL_PASSWORD"], config["MAIL_DEFAULT_SENDER"]) \
        == ("lettre", "1234", "envois@courrier.example")
    assert isinstance(app.wsgi_app, ProxyFix) and app.wsgi_app.x_for == 2
    assert config["RATELIMIT_STORAGE_URI"] == "memory://#composer-test"
    assert ImportOptions.from_config(config).deadline == 12.5  # FETCH_DEADLINE
    assert esp.allow_local(config)  # ESP_ALLOW_LOCAL
    assert app.test_cli_runner().invoke(args=["measure-images"]).exit_code == 1  # IMAGE_MEASURE off
    assert app.test_client().get("/healthz", base_url="http://autre.example").status_code == 400  # TRUSTED_HOSTS
    queue = queue_of(app)  # REDIS_URL, JOBS_NAME, JOBS_IMMEDIATE
    assert isinstance(queue, RedisHuey) and queue.name == "courrier-config" and queue.immediate
    assert (config["JOBS_STORE"], config["JOBS_WORKERS"], config["JOBS_LEASE"]) == ("/nulle-part/jobs.sqlite", 3, 120)
    assert config["LINK_CHECK_ON_READY"] is False

    client = app.test_client()
    login_page = client.get("/login")
    assert "; Secure" in login_page.headers["Set-Cookie"]  # SESSION_COOKIE_SECURE
    token = re.search(r'name="csrf-token" content="([^"]+)"', login_page.get_data(as_text=True))
    assert token
    attempts = [client.post("/login", data={"csrf_token": token.group(1), "email": "x@example.org",
                                            "password": "faux"}, base_url="https://localhost",
                            headers={"Referer": "https://localhost/login"}).status_code
                for _ in range(3)]
    assert attempts[-1] == 429 and 429 not in attempts[:-1]  # LOGIN_RATE_LIMIT: 2 per minute

    runner = app.test_cli_runner()
    with FeedServer() as server:  # INGEST_ALLOW_PRIVATE: a feed on 127.0.0.1 is read
        url = server.serve("/feed/", (Path(__file__).parent / "fixtures" / "feed.rss").read_bytes())
        result = runner.invoke(args=["import", url, "--format", "rss"])
    assert result.exit_code == 0 and "imported 3," in result.output, result.output
    big = instance / "big.csv"
    big.write_text("title\n" + "Un titre\n" * 20_000, encoding="utf-8")
    result = runner.invoke(args=["import", str(big)])
    assert result.exit_code == 1 and "97 Ko" in result.output  # INGEST_MAX_BYTES: 100 000 bytes

    # ADMIN_EMAIL and ADMIN_PASSWORD: the first `make run` creates that administrator.
    assert devsetup.main(instance) == 0
    with app.app_context():
        admin = db.session.scalars(db.select(User).where(User.role == "admin")).one()
        assert admin.email == "cheffe@courrier.example" and admin.check_password("84731920567381")


def test_unprefixed_names_are_read_and_the_prefixed_one_wins(tmp_path: Path,
                                                             clean_environment: pytest.MonkeyPatch) -> None:
    clean_environment.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'plain.sqlite'}")
    clean_environment.setenv("SECRET_KEY", "clé ordinaire")
    clean_environment.setenv("MAIL_PORT", "2525")
    clean_environment.setenv("MAIL_USE_TLS", "yes")
    clean_environment.setenv("SESSION_COOKIE_SECURE", "0")
    clean_environment.setenv("PUBLIC_URL", "https://ancien.example")
    clean_environment.setenv("COMPOSER_PUBLIC_URL", "https://nouveau.example")
    clean_environment.setenv("COMPOSER_BRAND__footer_text", "Bonne lecture")
    app = create_app(instance_path=tmp_path / "instance")
    assert app.secret_key == "clé ordinaire" and app.config["SQLALCHEMY_DATABASE_URI"].endswith("plain.sqlite")
    assert (app.config["MAIL_PORT"], app.config["MAIL_USE_TLS"], app.config["SESSION_COOKIE_SECURE"]) \
        == (2525, True, False)
    assert app.config["PUBLIC_URL"] == "https://nouveau.example"
    assert app.config["BRAND"] == {"footer_text": "Bonne lecture"}


@pytest.mark.parametrize(("name", "value"), [("COMPOSER_MAIL_PORT", "abc"), ("COMPOSER_MAIL_USE_TLS", "peut-être")])
def test_a_malformed_number_or_yes_no_stops_the_app_naming_the_setting(
        name: str, value: str, tmp_path: Path, clean_environment: pytest.MonkeyPatch) -> None:
    clean_environment.setenv(name, value)
    with pytest.raises(ValueError, match=name.removeprefix("COMPOSER_")):
        create_app(instance_path=tmp_path / "instance")


def test_the_real_instance_folder_is_not_read_by_a_test_configuration(tmp_path: Path,
                                                                      clean_environment: pytest.MonkeyPatch) -> None:
    instance = tmp_path / "instance"
    from_file(instance, {"MAIL_SERVER": "smtp.example.org"})
    clean_environment.setenv("COMPOSER_MAIL_PORT", "2525")
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": "sqlite://"}, instance_path=instance)
    assert (app.config["MAIL_SERVER"], app.config["MAIL_PORT"]) == ("localhost", 25)
