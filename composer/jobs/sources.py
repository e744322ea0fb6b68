"""Saved sources as the API manages them: add, change, remove, each with its poll interval."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from composer.errors import DuplicateURL, InvalidInput, NotFound
from composer.extensions import db, get_by_id
from composer.ingest import ImportFailed
from composer.ingest.fetch import refuse_named_inside
from composer.ingest.importer import ImportOptions
from composer.jobs.schedule import check_every, last_runs, set_every
from composer.models import FeedSource, ImportRun

EDITABLE = ("url", "format", "kind", "section", "name")
MAX_SOURCES = 200  # polled every 15 min at most, each up to FETCH_DEADLINE: more would outrun the worker


@dataclass
class SourceView:
    """A source with its last run (from the import history) for the API."""

    source: FeedSource
    last_run: ImportRun | None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.source, name)

    @property
    def last_run_at(self) -> Any:
        return self.last_run.started_at if self.last_run else None

    @property
    def last_status(self) -> str | None:
        return self.last_run.status if self.last_run else None


def list_sources() -> list[SourceView]:
    sources = list(db.session.scalars(select(FeedSource).order_by(FeedSource.name, FeedSource.id)))
    runs = last_runs(sources)
    return [SourceView(source, runs.get(source.id)) for source in sources]


def get_source(source_id: int) -> FeedSource:
    source = get_by_id(FeedSource, source_id)
    if source is None:
        raise NotFound(_("There is no saved source #%(id)s.", id=source_id))
    return source


def view(source: FeedSource) -> SourceView:
    return SourceView(source, last_runs([source]).get(source.id))


def _check_url(url: str, source: FeedSource | None) -> None:
    try:
        refuse_named_inside(url, ImportOptions.from_config(current_app.config).allow_private)
    except ImportFailed as exc:
        raise InvalidInput(exc.message, {"url": exc.message}) from exc
    if source is None and (db.session.scalar(select(func.count()).select_from(FeedSource)) or 0) >= MAX_SOURCES:
        message = _("There are already %(n)s saved sources: remove some first.", n=MAX_SOURCES)
        raise InvalidInput(message, {"url": message})
    taken = db.session.scalar(select(FeedSource).where(FeedSource.url == url))
    if taken is not None and taken is not source:
        raise DuplicateURL(_("This address is already a saved source (#%(id)s).", id=taken.id), taken.id)


def save_source(values: dict[str, Any], source: FeedSource | None = None) -> FeedSource:
    """A new source (source None) or these fields of one; its first poll at the scheduler's next tick."""
    if "url" in values:
        values["url"] = values["url"].strip()
        _check_url(values["url"], source)
    if source is None:
        source = FeedSource(url=values["url"], name=(values.get("name") or values["url"].split("//")[-1])[:200],
                            format="auto", kind="article", section="")
        db.session.add(source)
    for name in EDITABLE:
        if name in values and values[name] is not None:
            setattr(source, name, values[name])
    if "every_minutes" in values:
        set_every(source, check_every(values["every_minutes"]))
    db.session.commit()
    return source


def delete_source(source: FeedSource) -> None:
    """Forget the source; its past imports stay in the history."""
    db.session.delete(source)
    db.session.commit()
