"""Set up the database the serving benchmark's gunicorn uses: schema, demo content, one user."""
from __future__ import annotations

from flask_migrate import upgrade

from composer import create_app
from composer.accounts import users as accounts
from composer.demo import seed

app = create_app()
with app.app_context():
    upgrade(directory=app.extensions["migrate"].directory)
    seed()
    accounts.create_user("bench@example.org", "bench-password", "editor")
