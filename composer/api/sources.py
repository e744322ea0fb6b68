"""API: saved import sources and their poll interval (the scheduler imports each when due)."""
from __future__ import annotations

from typing import Any

from flask.views import MethodView

from composer.api import bp, documented
from composer.api.schemas import SourceIn, SourceList, SourceOut, SourcePatch
from composer.jobs import sources


@bp.route("/sources")
class Sources(MethodView):
    @bp.response(200, SourceList)
    @documented()
    def get(self) -> Any:
        """Every saved source, with its interval, next and last run."""
        return {"items": sources.list_sources()}

    @bp.arguments(SourceIn)
    @bp.response(201, SourceOut)
    @documented(400, 409, 422)
    def post(self, values: dict[str, Any]) -> Any:
        """Save a source; with every_minutes, the scheduler imports it at its next tick, then at that interval.
        An address already saved gives 409 with its id."""
        return sources.view(sources.save_source(values))


@bp.route("/sources/<int:source_id>")
class SourceResource(MethodView):
    @bp.arguments(SourcePatch(partial=True))
    @bp.response(200, SourceOut)
    @documented(400, 404, 409, 422)
    def patch(self, values: dict[str, Any], source_id: int) -> Any:
        """Change some fields of a source (every_minutes null: no longer polled)."""
        return sources.view(sources.save_source(values, sources.get_source(source_id)))

    @bp.response(204)
    @documented(404)
    def delete(self, source_id: int) -> None:
        """Forget a source; its past imports stay in the history."""
        sources.delete_source(sources.get_source(source_id))
