"""The JSON API (/api/v1): token authentication, JSON errors, and the OpenAPI document from the schemas."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from flask import Flask, abort, g, jsonify, make_response, request
from flask_babel import gettext as _
from flask_smorest import Api, Blueprint

from composer.accounts.tokens import user_for_token
from composer.api.schemas import ErrorSchema
from composer.errors import DomainError, DuplicateURL, NotReady, StaleEdit
from composer.extensions import csrf
from composer.models import User

API_PREFIX = "/api/"
F = TypeVar("F", bound=Callable[..., Any])
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         409: "conflict", 412: "precondition_failed", 413: "too_large", 415: "unsupported_media_type",
         422: "invalid", 428: "precondition_required", 500: "server_error"}


class ComposerApi(Api):  # type: ignore[misc]
    ERROR_SCHEMA = ErrorSchema
    # Each operation documents the error codes it can answer, instead of a catch-all "default".
    DEFAULT_ERROR_RESPONSE_NAME = None

    def _register_error_handlers(self) -> None:
        """Errors are answered by the app's own handlers (JSON under /api/, pages elsewhere)."""


bp = Blueprint("api", __name__, url_prefix="/api/v1", description="Composer's JSON API")
csrf.exempt(bp)  # API calls carry a bearer token, never a session cookie: no CSRF to forge


ERROR_DESCRIPTIONS = {
    400: "Malformed request (JSON or If-Match)", 401: "Missing, unknown or revoked token",
    403: "Your role does not allow this", 404: "No such article, issue, item or newsletter",
    409: "Conflict: duplicate URL, article in use, or the issue is not a draft",
    412: "Stale version: someone changed it since you read it (current_version says which)",
    422: "Invalid input (fields says which)", 428: "No version given (If-Match header or version field)",
}


def documented(*codes: int) -> Callable[[F], F]:
    """Document the error answers of an operation (always 401) with the error schema."""

    def decorate(view: F) -> F:
        for code in sorted({401, *codes}):
            view = bp.alt_response(code, schema=ErrorSchema, description=ERROR_DESCRIPTIONS[code])(view)
        return view

    return decorate


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def error_response(status: int, message: str, fields: dict[str, Any] | None = None, **extra: Any) -> Any:
    body: dict[str, Any] = {"code": CODES.get(status, "error"), "message": message}
    if fields:
        body["fields"] = fields
    body.update(extra)
    return make_response(jsonify(error=body), status)


def fail(status: int, message: str, fields: dict[str, Any] | None = None, **extra: Any) -> NoReturn:
    abort(error_response(status, message, fields, **extra))


def domain_error(exc: DomainError) -> Any:
    """A service's refusal as the API's JSON error (the app's DomainError handler calls this under /api/)."""
    if isinstance(exc, StaleEdit):
        return error_response(412, exc.message, current_version=exc.current_version)
    if isinstance(exc, NotReady):
        return error_response(422, exc.message, problems=exc.problems)
    if isinstance(exc, DuplicateURL):
        return error_response(409, exc.message, {"url": exc.message}, existing_id=exc.existing_id)
    return error_response(exc.status, exc.message, exc.fields or None)


def api_user() -> User:
    user: User = g.api_user
    return user


@bp.before_request
def authenticate() -> None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        fail(401, _("Send a personal API token: Authorization: Bearer <token>."))
    user = user_for_token(secret.strip())
    if user is None:
        fail(401, _("This API token is unknown or revoked."))
    g.api_user = user


def expected_version(data: dict[str, Any]) -> int:
    """The version the client read: If-Match: "<n>" or a version field. Writes without one are refused."""
    header = request.headers.get("If-Match", "").strip().strip('"').removeprefix('W/"').strip('"')
    value = data.pop("version", None)
    if header:
        if not header.isdigit():
            fail(400, _("If-Match must be the issue's version, for example \"3\"."))
        return int(header)
    if value is None:
        fail(428, _("Say which version you read: an If-Match header or a version field."))
    return int(value)


def init_app(app: Flask) -> None:
    app.config.setdefault("API_TITLE", "Composer API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", {
        "security": [{"bearerAuth": []}],
        "info": {"description": "Automate the newsletter: push articles, build issues, render them. "
                                "Authenticate with a personal token from /account/tokens."},
    })
    api = ComposerApi(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    from composer.api import articles, issues, newsletters, sources  # noqa: F401  (routes register on bp)

    api.register_blueprint(bp)
    app.extensions["composer_api"] = api
