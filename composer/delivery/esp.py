"""Push an issue to a mailing service as a draft campaign (never sent): listmonk, Mailchimp, Brevo.

Credentials are encrypted at rest (Fernet, key from ESP_ENCRYPTION_KEY or derived from SECRET_KEY).
One CampaignPush per issue and service: a retry reuses what was already created, never a second campaign.
"""
from __future__ import annotations

import base64
import hashlib
import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from flask_babel import gettext as _
from sqlalchemy import select

from composer.email.brand import Brand
from composer.email.render import render_issue
from composer.errors import DomainError, InvalidInput, NotFound
from composer.extensions import db
from composer.models import CampaignPush, Issue, ServiceAccount, utcnow

SERVICES = ("listmonk", "mailchimp", "brevo")
TIMEOUT = 20.0


class PushFailed(DomainError):
    status = 502


def _fernet(config: Mapping[str, Any]) -> Fernet:
    key = config.get("ESP_ENCRYPTION_KEY")
    if not key:
        key = base64.urlsafe_b64encode(hashlib.sha256(f"esp:{config['SECRET_KEY']}".encode()).digest())
    return Fernet(key)


def save_account(service: str, secret: str, config: Mapping[str, Any], base_url: str = "", username: str = "",
                 list_ids: str = "") -> ServiceAccount:
    if service not in SERVICES:
        raise InvalidInput(_("Unknown service %(service)s.", service=service))
    account = db.session.scalar(select(ServiceAccount).where(ServiceAccount.service == service)) \
        or ServiceAccount(service=service)
    if secret:
        account.secret_encrypted = _fernet(config).encrypt(secret.encode()).decode()
        account.secret_hint = secret[-4:]
    elif not account.secret_encrypted:
        raise InvalidInput(_("An API key is required."), {"secret": "empty"})
    account.base_url, account.username, account.list_ids = base_url.strip(), username.strip(), list_ids.strip()
    account.updated_at = utcnow()
    db.session.add(account)
    db.session.commit()
    return account


def accounts() -> dict[str, ServiceAccount]:
    return {a.service: a for a in db.session.scalars(select(ServiceAccount))}


@dataclass
class Request:
    method: str
    url: str
    headers: dict[str, str]
    body: dict[str, Any]


def _call(request: Request, service: str) -> dict[str, Any]:
    data = json.dumps(request.body, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json", "Accept": "application/json", **request.headers}
    http = urllib.request.Request(request.url, data=data, method=request.method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(http, timeout=TIMEOUT) as response:  # noqa: S310
            text = response.read().decode("utf-8") or "{}"
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")[:500]
        try:
            payload = json.loads(detail)
            detail = str(payload.get("message") or payload.get("detail") or payload.get("title") or detail)
        except (ValueError, AttributeError):
            pass
        if exc.code in (401, 403):
            raise PushFailed(_("%(service)s refused the API key (%(code)s): %(detail)s", service=service,
                               code=exc.code, detail=detail)) from exc
        raise PushFailed(_("%(service)s answered %(code)s: %(detail)s", service=service, code=exc.code,
                           detail=detail)) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise PushFailed(_("%(service)s did not answer: %(reason)s", service=service,
                           reason=getattr(exc, "reason", exc))) from exc
    return dict(json.loads(text))


def _lists(account: ServiceAccount) -> list[str]:
    return [x.strip() for x in account.list_ids.replace(";", ",").split(",") if x.strip()]


def _create(service: str, account: ServiceAccount, secret: str, issue: Issue, brand: Brand,
            config: Mapping[str, Any], push: CampaignPush) -> tuple[str, str]:
    """Create the draft campaign; returns its id and its address in the service. A campaign id already on
    push (a Mailchimp campaign whose content failed to upload) is completed, not created again."""
    rendered = render_issue(issue, service, brand)
    name = f"{issue.title} ({issue.issue_date.isoformat()})"
    bases = config.get("ESP_BASE_URLS") or {}
    if service == "listmonk":
        base = account.base_url.rstrip("/")
        answer = _call(Request("POST", f"{base}/api/campaigns", {
            "Authorization": "token " + f"{account.username}:{secret}"}, {
            "name": name, "subject": rendered.subject, "lists": [int(x) for x in _lists(account) if x.isdigit()],
            "content_type": "html", "body": rendered.html, "type": "regular", "messenger": "email"}), service)
        campaign_id = str(answer["data"]["id"])
        return campaign_id, f"{base}/admin/campaigns/{campaign_id}"
    if service == "mailchimp":
        datacenter = secret.rsplit("-", 1)[-1] if "-" in secret else "us1"
        base = bases.get("mailchimp") or f"https://{datacenter}.api.mailchimp.com/3.0"
        auth = "Basic " + base64.b64encode(f"composer:{secret}".encode()).decode()
        lists = _lists(account)
        if not push.campaign_id:
            answer = _call(Request("POST", f"{base}/campaigns", {"Authorization": auth}, {
                "type": "regular", "recipients": {"list_id": lists[0] if lists else ""},
                "settings": {"subject_line": rendered.subject, "preview_text": rendered.preheader, "title": name,
                             "from_name": brand.publication_name, "reply_to": brand.sender_email}}), service)
            push.campaign_id = str(answer["id"])
            push.url = f"https://admin.mailchimp.com/campaigns/edit?id={answer.get('web_id', push.campaign_id)}"
        _call(Request("PUT", f"{base}/campaigns/{push.campaign_id}/content", {"Authorization": auth},
                      {"html": rendered.html}), service)
        return push.campaign_id, push.url
    base = bases.get("brevo") or "https://api.brevo.com"
    answer = _call(Request("POST", f"{base}/v3/emailCampaigns", {"api-key": secret}, {
        "name": name, "subject": rendered.subject, "previewText": rendered.preheader,
        "sender": {"name": brand.publication_name, "email": brand.sender_email}, "htmlContent": rendered.html,
        "recipients": {"listIds": [int(x) for x in _lists(account) if x.isdigit()]}}), service)
    campaign_id = str(answer["id"])
    return campaign_id, f"https://app.brevo.com/camp/listing#draft_{campaign_id}"


def push_issue(issue: Issue, service: str, brand: Brand, config: Mapping[str, Any]) -> CampaignPush:
    """Create the draft campaign once; a retry after success returns the recorded campaign unchanged."""
    if service not in SERVICES:
        raise InvalidInput(_("Unknown service %(service)s; choose one of: %(services)s.", service=service,
                             services=", ".join(SERVICES)))
    account = accounts().get(service)
    if account is None:
        raise NotFound(_("No %(service)s account is set up: an admin adds it in Settings.", service=service))
    push = db.session.scalar(select(CampaignPush).where(CampaignPush.issue_id == issue.id,
                                                        CampaignPush.service == service))
    if push is not None and push.status == "created":
        return push
    push = push or CampaignPush(issue_id=issue.id, service=service)
    try:
        secret = _fernet(config).decrypt(account.secret_encrypted.encode()).decode()
    except InvalidToken as exc:
        raise PushFailed(_("The stored %(service)s key cannot be read (the encryption key changed): enter it "
                           "again in Settings.", service=service)) from exc
    try:
        push.campaign_id, push.url = _create(service, account, secret, issue, brand, config, push)
        push.status, push.message = "created", ""
    except PushFailed as exc:
        push.status, push.message = "failed", exc.message
        db.session.add(push)
        db.session.commit()
        raise
    db.session.add(push)
    db.session.commit()
    return push


def pushes_of(issue: Issue) -> list[CampaignPush]:
    return list(db.session.scalars(select(CampaignPush).where(CampaignPush.issue_id == issue.id)))
