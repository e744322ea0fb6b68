"""The schema comes from Alembic migrations, and the models agree with them."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from composer.extensions import db
from composer.library.search import include_in_autogenerate


def test_models_and_migrations_agree(app) -> None:
    # The fixture built this database by running every migration up to head.
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                              "include_object": include_in_autogenerate})
        diff = compare_metadata(context, db.metadata)
    assert diff == []
