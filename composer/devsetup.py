"""First-run set-up for `make run`: a lasting secret key, the schema, demo content and a first admin."""
from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, select

from composer import ROOT, create_app
from composer.accounts import users as accounts
from composer.demo import seed
from composer.errors import DomainError
from composer.extensions import db
from composer.models import User

CONFIG = ROOT / "instance" / "config.py"


def ensure_secret_key(config: Path = CONFIG) -> None:
    config.parent.mkdir(parents=True, exist_ok=True)
    existing = config.read_text(encoding="utf-8") if config.exists() else ""
    if "SECRET_KEY" not in existing and not os.environ.get("SECRET_KEY"):
        with config.open("a", encoding="utf-8") as handle:
            handle.write("# Written by `make run` on first run; keep it out of git.\n")
            handle.write(f"SECRET_KEY = {secrets.token_hex(32)!r}\n")


def main() -> int:
    ensure_secret_key()
    app = create_app()
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        first_run = db.session.scalar(select(func.count()).select_from(User)) == 0
        if not first_run:
            print("Composer: database is up to date. Log in with your account at "
                  f"http://127.0.0.1:{os.environ.get('PORT', '5000')}/login")
            return 0
        added, _ = seed()
        email = os.environ.get("COMPOSER_ADMIN_EMAIL", "admin@example.org")
        password = os.environ.get("COMPOSER_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        try:
            accounts.create_user(email, password, "admin", "Administrateur")
        except DomainError as exc:  # a COMPOSER_ADMIN_PASSWORD too short or too common, an invalid email
            print(f"Composer: cannot create the first administrator {email}: {exc.message}", file=sys.stderr)
            return 1
        print(f"Composer: demo library created ({added} articles and a demo issue).")
        print(f"Composer: log in at http://127.0.0.1:{os.environ.get('PORT', '5000')}/login")
        print(f"          email:    {email}")
        if "COMPOSER_ADMIN_PASSWORD" in os.environ:
            print("          password: the one in COMPOSER_ADMIN_PASSWORD")
        else:
            print(f"          password: {password}   (shown once; add users with flask --app app create-user)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
