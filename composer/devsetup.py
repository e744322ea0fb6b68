"""First-run set-up for `make run`: a lasting secret key, the schema, demo content and a first admin."""
from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, select

from composer import ROOT, create_app, load_config
from composer.accounts import users as accounts
from composer.demo import seed
from composer.errors import DomainError
from composer.extensions import db
from composer.models import User

INSTANCE = ROOT / "instance"


def ensure_secret_key(instance: Path = INSTANCE) -> None:
    """A lasting SECRET_KEY in <instance>/config.py, unless the file or the environment already gives one."""
    if load_config(instance)["SECRET_KEY"]:
        return
    instance.mkdir(parents=True, exist_ok=True)
    with (instance / "config.py").open("a", encoding="utf-8") as handle:
        handle.write("# Written by `make run` on first run; keep it out of git.\n")
        handle.write(f"SECRET_KEY = {secrets.token_hex(32)!r}\n")


def main(instance: Path = INSTANCE) -> int:
    ensure_secret_key(instance)
    app = create_app(instance_path=instance)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        first_run = db.session.scalar(select(func.count()).select_from(User)) == 0
        if not first_run:
            print("Composer: database is up to date. Log in with your account at "
                  f"http://127.0.0.1:{os.environ.get('PORT', '5000')}/login")
            return 0
        added, _ = seed()
        email = app.config["ADMIN_EMAIL"]
        password = app.config["ADMIN_PASSWORD"] or secrets.token_urlsafe(12)
        try:
            accounts.create_user(email, password, "admin", "Administrateur")
        except DomainError as exc:  # a COMPOSER_ADMIN_PASSWORD too short or too common, an invalid email
            print(f"Composer: cannot create the first administrator {email}: {exc.message}", file=sys.stderr)
            return 1
        print(f"Composer: demo library created ({added} articles and a demo issue).")
        print(f"Composer: log in at http://127.0.0.1:{os.environ.get('PORT', '5000')}/login")
        print(f"          email:    {email}")
        if app.config["ADMIN_PASSWORD"]:
            print("          password: the one in COMPOSER_ADMIN_PASSWORD (or ADMIN_PASSWORD in instance/config.py)")
        else:
            print(f"          password: {password}   (shown once; add users with flask --app app create-user)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
