"""Push an issue to a mailing service as a draft campaign (never sent): listmonk, Mailchimp, Brevo.

Credentials are encrypted at rest (Fernet, key from ESP_ENCRYPTION_KEY or derived from SECRET_KEY).
One CampaignPush per issue and service: a retry reuses what was already created, never a second campaign.
"""
from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from flask_babel import gettext as _
from sqlalchemy import select

from composer.email.brand import Brand
from composer.email.render import render_issue
from composer.errors import DomainError, InvalidInput, NotFound
from composer.extensions import db
from composer.ingest import ImportFailed
from composer.ingest.fetch import DEFAULT_DEADLINE, Deadline, is_public
from composer.ingest.fetch import request as http_request
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


def allow_local(config: Mapping[str, Any]) -> bool:
    """ESP_ALLOW_LOCAL: a listmonk on this machine or the local network, over http (development only)."""
    return bool(config.get("ESP_ALLOW_LOCAL"))


def check_base_url(base_url: str, config: Mapping[str, Any]) -> None:
    """A service's address must be https on a public host: the key travels with every request."""
    if not base_url or allow_local(config):
        if base_url and urlsplit(base_url).scheme not in ("http", "https"):
            raise InvalidInput(_("The service's address must start with https://."), {"base_url": "scheme"})
        return
    try:
        parts = urlsplit(base_url)
        host, port_ok = parts.hostname or "", parts.port is None or parts.port > 0
    except ValueError:
        parts, host, port_ok = urlsplit(""), "", False
    if parts.scheme != "https" or not host or not port_ok:
        raise InvalidInput(_("The service's address must start with https://."), {"base_url": "scheme"})
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if (literal is not None and not is_public(literal)) or host == "localhost" or host.endswith(".localhost"):
        raise InvalidInput(_("The service's address must be a public one, not %(host)s.", host=host),
                           {"base_url": "private"})


def _same_address(one: str, other: str) -> bool:
    return one.strip().rstrip("/").lower() == other.strip().rstrip("/").lower()


def save_account(service: str, secret: str, config: Mapping[str, Any], base_url: str = "", username: str = "",
                 list_ids: str = "") -> ServiceAccount:
    if service not in SERVICES:
        raise InvalidInput(_("Unknown service %(service)s.", service=service))
    check_base_url(base_url.strip(), config)
    account = db.session.scalar(select(ServiceAccount).where(ServiceAccount.service == service)) \
        or ServiceAccount(service=service)
    if account.secret_encrypted and not secret and not _same_address(account.base_url, base_url):
        # The stored key goes only to the address it was entered for: a new address needs the key again.
        raise InvalidInput(_("The address changed: enter the API key again to send it there."),
                           {"secret": "required"})
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


def _call(request: Request, service: str, config: Mapping[str, Any]) -> dict[str, Any]:
    """One call to the service through the hardened fetcher (global addresses only, pinned, a deadline)."""
    data = json.dumps(request.body, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json", "Accept": "application/json", **request.headers}
    local = allow_local(config)
    if not local and urlsplit(request.url).scheme != "https":
        raise PushFailed(_("%(service)s did not answer: %(reason)s", service=service,
                           reason=_("its address must start with https://")))
    try:
        response = http_request(request.method, request.url, body=data, headers=headers, allow_private=local,
                                timeout=TIMEOUT, deadline=Deadline(float(config.get("FETCH_DEADLINE")
                                                                         or DEFAULT_DEADLINE)))
    except ImportFailed as exc:
        raise PushFailed(_("%(service)s did not answer: %(reason)s", service=service, reason=exc.message)) from exc
    text = response.content.decode("utf-8", "replace")
    if not 200 <= response.status < 300:
        detail = text[:500]
        try:
            payload = json.loads(detail)
            detail = str(payload.get("message") or payload.get("detail") or payload.get("title") or detail)
        except (ValueError, AttributeError):
            pass
        if response.status in (401, 403):
            raise PushFailed(_("%(service)s refused the API key (%(code)s): %(detail)s", service=service,
                               code=response.status, detail=detail))
        raise PushFailed(_("%(service)s answered %(code)s: %(detail)s", service=service, code=response.status,
                           detail=detail))
    try:
        return dict(json.loads(text or "{}"))
    except (ValueError, TypeError) as exc:
        raise PushFailed(_("%(service)s answered %(code)s: %(detail)s", service=service, code=response.status,
                           detail=text[:200])) from exc


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
            "content_type": "html", "body": rendered.html, "type": "regular", "messenger": "email"}), service, config)
        campaign_id = str(answer["data"]["id"])
        return campaign_id, f"{base}/admin/campaigns/{campaign_id}"
    if service == "mailchimp":
        datacenter = secret.rsplit("-", 1)[-1] if "-" in secret else "us1"
        if not re.fullmatch(r"[a-z]{2,5}[0-9]{1,3}", datacenter):  # the key names a host: only Mailchimp's
            raise PushFailed(_("A Mailchimp key ends with its datacenter, such as -us21."))
        base = bases.get("mailchimp") or f"https://{datacenter}.api.mailchimp.com/3.0"
        auth = "Basic " + base64.b64encode(f"composer:{secret}".encode()).decode()
        lists = _lists(account)
        if not push.campaign_id:
            answer = _call(Request("POST", f"{base}/campaigns", {"Authorization": auth}, {
                "type": "regular", "recipients": {"list_id": lists[0] if lists else ""},
                "settings": {"subject_line": rendered.subject, "preview_text": rendered.preheader, "title": name,
                             "from_name": brand.publication_name, "reply_to": brand.sender_email}}), service, config)
            push.campaign_id = str(answer["id"])
            push.url = f"https://admin.mailchimp.com/campaigns/edit?id={answer.get('web_id', push.campaign_id)}"
        _call(Request("PUT", f"{base}/campaigns/{push.campaign_id}/content", {"Authorization": auth},
                      {"html": rendered.html}), service, config)
        return push.campaign_id, push.url
    base = bases.get("brevo") or "https://api.brevo.com"
    answer = _call(Request("POST", f"{base}/v3/emailCampaigns", {"api-key": secret}, {
        "name": name, "subject": rendered.subject, "previewText": rendered.preheader,
        "sender": {"name": brand.publication_name, "email": brand.sender_email}, "htmlContent": rendered.html,
        "recipients": {"listIds": [int(x) for x in _lists(account) if x.isdigit()]}}), service, config)
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
