"""Health check for load balancers: 200 when the database answers, 503 when it does not."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from composer.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Any:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        db.session.rollback()
        return jsonify(status="error", database=str(exc.__class__.__name__)), 503
    return jsonify(status="ok", database="ok")
