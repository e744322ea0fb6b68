"""Images in the email, measured: Composer learns each image's real size (fetched from a local HTTP server,
read with Pillow), draws it in proportion, serves renditions under PUBLIC_URL, and weighs them."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sqlalchemy import select

from composer import revisions
from composer.email.brand import Brand
from composer.email.export import export_issue
from composer.extensions import db
from composer.issues import editing
from composer.models import Article, BrandSettings, EmailImage, Issue, IssueItem
from tests.conftest import post
from tests.factories import make_article, make_issue
from tests.feedserver import FeedServer

FORM = {
    "kind": "article", "title": "Kidal : la colonne est tombée", "lead": "Une embuscade.", "body": "<p>Texte</p>",
    "author": "Rédaction", "section": "Sécurité", "tags": "Mali", "canonical_url": "https://example.org/kidal",
    "image_alt": "Un blindé renversé sur la piste", "language": "fr", "published_at": "2026-11-20T08:30",
}
PUBLIC = "https://lettre.example.org"


def picture(width: int, height: int, fmt: str = "JPEG", mode: str = "RGB") -> bytes:
    """A real image: a gradient (so JPEG has something to compress), transparent where mode says so."""
    image = Image.linear_gradient("L").resize((width, height)).convert(mode)
    if "A" in mode:
        image.putalpha(Image.linear_gradient("L").rotate(90).resize((width, height)))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


@pytest.fixture
def images(app):
    app.config.update(IMAGE_MEASURE=True, INGEST_ALLOW_PRIVATE="1")
    with FeedServer() as server:
        yield server


def _img(html: str) -> list[str]:
    return re.findall(r"<img\b[^>]*>", html)


def _attr(tag: str, name: str) -> str | None:
    match = re.search(rf'\s{name}="([^"]*)"', tag)
    return match.group(1) if match else None


def _lead_issue(article_id: int) -> int:
    issue = make_issue()
    editing.add_item(issue, article_id, "lead", issue.version, None)
    return issue.id


def test_saving_an_article_measures_its_image_without_a_new_version(app, editor_client, images) -> None:
    portrait = images.serve("/portrait.jpg", picture(800, 1200), content_type="image/jpeg")
    assert post(editor_client, "/articles/new", {**FORM, "image_url": portrait}).status_code == 302
    with app.app_context():
        article = db.session.scalars(select(Article)).one()
        assert (article.image_width, article.image_height, article.version) == (800, 1200, 1)
        assert article.image_bytes == len(picture(800, 1200))
        article_id = article.id
    # a new image is measured anew
    landscape = images.serve("/paysage.png", picture(1600, 900, "PNG"), content_type="image/png")
    post(editor_client, f"/articles/{article_id}/edit", {**FORM, "image_url": landscape, "version": "1"})
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert (article.image_width, article.image_height) == (1600, 900)


def test_an_image_that_cannot_be_read_is_said_and_left_unsized(app, editor_client, images) -> None:
    broken = images.serve("/pas-une-image.jpg", b"<html>404</html>", content_type="text/html")
    response = post(editor_client, "/articles/new", {**FORM, "image_url": broken}, follow_redirects=True)
    assert "La taille de l’image est inconnue" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Article)).one().image_width is None


@pytest.mark.parametrize(("size", "expected"), [
    ((800, 1200), ("207", "310", False)),  # portrait: centred at the slot's height, never squashed
    ((1600, 900), ("552", "310", True)),  # 16:9: the whole column
    ((1200, 900), ("552", "414", True)),  # 4:3: the whole column, in its own ratio
])
def test_the_lead_image_is_drawn_in_its_own_ratio(app, size, expected) -> None:
    with app.app_context():
        article = make_article("Kidal", image_url="https://images.example.org/kidal.jpg", image_alt="Un blindé")
        db.session.execute(Article.__table__.update().values(image_width=size[0], image_height=size[1]))
        issue = db.session.get(Issue, _lead_issue(article.id))
        html = export_issue(issue, "html", "generic", Brand.from_mapping({})).content.decode()
    [tag] = _img(html)
    width, height, fluid = expected
    assert (_attr(tag, "width"), _attr(tag, "height")) == (width, height)
    assert "height:auto" in _attr(tag, "style")
    assert ("width:100%" in _attr(tag, "style")) is fluid
    # with images blocked, the alt text is styled, on a coloured cell
    assert _attr(tag, "alt") == "Un blindé"
    assert "font-family:Arial" in _attr(tag, "style") and "color:#5c5c5c" in _attr(tag, "style")
    assert re.search(r'<td class="img-cell" align="center" bgcolor="#f2f2ef"[^>]*><img', html)


def test_an_image_of_unknown_size_keeps_its_own_ratio(app) -> None:
    with app.app_context():
        article = make_article("Kidal", image_url="https://images.example.org/kidal.jpg", image_alt="Un blindé")
        html = export_issue(db.session.get(Issue, _lead_issue(article.id)), "html", "generic",
                            Brand.from_mapping({})).content.decode()
    [tag] = _img(html)
    assert _attr(tag, "width") == "552" and _attr(tag, "height") is None and "height:auto" in _attr(tag, "style")


def test_with_a_public_url_the_email_uses_composers_renditions(app, client, images) -> None:
    portrait = images.serve("/portrait.jpg", picture(900, 1350), content_type="image/jpeg")
    wide = images.serve("/large.jpg", picture(4000, 2250), content_type="image/jpeg")
    with app.app_context():
        issue = make_issue()
        for url in (portrait, wide):
            article = make_article(f"Photo {url[-10:]}", image_url=url, image_alt="Une photo")
            editing.add_item(issue, article.id, "lead", issue.version, None)
        from composer.ingest.images import issue_images

        assert issue_images(issue, app.config) == []
        html = export_issue(issue, "html", "generic", Brand.from_mapping({"archive_base_url": PUBLIC})).content
    tags = _img(html.decode())
    assert len(tags) == 2
    for tag in tags:
        src = _attr(tag, "src")
        assert src.startswith(f"{PUBLIC}/archive/images/") and src.endswith(".jpg")
        assert (_attr(tag, "width"), _attr(tag, "height")) == ("552", "310")  # 16:9, cropped or letterboxed
        served = client.get(src.removeprefix(PUBLIC))  # public: no login
        assert served.status_code == 200 and served.mimetype == "image/jpeg"
        assert len(served.data) <= 200 * 1024 and "immutable" in served.headers["Cache-Control"]
        image = Image.open(io.BytesIO(served.data))
        assert image.width <= 1200 and abs(image.width / image.height - 16 / 9) < 0.01
    # the portrait is letterboxed whole on the page colour, not cut through the middle
    first = Image.open(io.BytesIO(client.get(_attr(tags[0], "src").removeprefix(PUBLIC)).data)).convert("RGB")
    assert first.getpixel((5, first.height // 2)) == pytest.approx((0xF2, 0xF2, 0xEF), abs=3)
    assert client.get("/archive/images/inconnue.jpg").status_code == 404


def test_the_logo_keeps_its_ratio_and_is_served_as_png_when_transparent(app, runner, images) -> None:
    logo = images.serve("/logo.png", picture(600, 200, "PNG", "LA"), content_type="image/png")
    with app.app_context():
        db.session.add(BrandSettings(id=1, publication_name="Horizon Sahel", logo_url=logo, accent_color="#b3261e",
                                     postal_address="BP 1, Ouagadougou", sender_email="lettre@example.org",
                                     unsubscribe_url="https://example.org/stop"))
        db.session.commit()
    result = runner.invoke(args=["measure-images"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        row = db.session.get(BrandSettings, 1)
        assert (row.logo_width, row.logo_height, row.version) == (600, 200, 1)
        brand = Brand.from_mapping({**row.values(), "archive_base_url": PUBLIC})
        html = export_issue(make_issue(), "html", "generic", brand).content.decode()
        key = db.session.scalar(select(EmailImage.key).where(EmailImage.slot == "logo"))
    [tag] = _img(html)
    assert (_attr(tag, "width"), _attr(tag, "height")) == ("180", "60")  # 3:1 inside 200 × 60
    assert _attr(tag, "src") == f"{PUBLIC}/archive/images/{key}" and key.endswith(".png")
    assert _attr(tag, "alt") == "Horizon Sahel" and "height:auto" in _attr(tag, "style")
    assert re.search(r"<h1 [^>]*>.*?<img", html)  # the publication is the email's one main heading


def test_an_image_set_for_one_issue_has_its_own_alt_or_none(app, editor_client) -> None:
    with app.app_context():
        article = make_article("Revers majeur à Kidal", image_url="https://images.example.org/kidal.jpg",
                               image_alt="Soldats à Kidal")
        issue_id = _lead_issue(article.id)
        issue = db.session.get(Issue, issue_id)
        item_id, version = issue.items[0].id, issue.version
    form = {"title_override": "", "teaser_override": "", "image_override": "https://images.example.org/carte.png",
            "image_override_alt": "Carte du nord du Mali", "version": version}
    assert post(editor_client, f"/issues/{issue_id}/items/{item_id}/override", form).status_code == 302
    html = editor_client.get(f"/issues/{issue_id}/export?format=html").get_data(as_text=True)
    assert _attr(_img(html)[0], "alt") == "Carte du nord du Mali"
    with app.app_context():
        version = db.session.get(Issue, issue_id).version
    post(editor_client, f"/issues/{issue_id}/items/{item_id}/override",
         {**form, "image_override_alt": "", "version": version})
    html = editor_client.get(f"/issues/{issue_id}/export?format=html").get_data(as_text=True)
    assert _attr(_img(html)[0], "alt") == ""  # decorative: never the headline printed beside it


def test_the_size_meter_weighs_the_emails_images(app, editor_client, images) -> None:
    photo = images.serve("/photo.jpg", picture(1600, 900), content_type="image/jpeg")
    with app.app_context():
        article_id = make_article("Kidal", image_url=photo, image_alt="Une photo").id
        issue_id = make_issue().id
        version = db.session.get(Issue, issue_id).version
    post(editor_client, f"/issues/{issue_id}/items", {"article_id": article_id, "section": "lead",
                                                       "version": version})
    with app.app_context():
        key, size = db.session.execute(select(EmailImage.key, EmailImage.content)).one()
    app.config["PUBLIC_URL"] = PUBLIC
    page = editor_client.get(f"/issues/{issue_id}/export").get_data(as_text=True)
    assert f"Images\u00a0: {len(size) / 1024:.1f}".replace(".", ",") + " Ko pour 1" in page


def test_another_image_for_one_issue_is_never_drawn_at_the_size_of_the_last(app) -> None:
    with app.app_context():
        article = make_article("Kidal", image_url="https://images.example.org/kidal.jpg", image_alt="Un blindé")
        issue = db.session.get(Issue, _lead_issue(article.id))
        item = issue.items[0]
        editing.set_override(issue, item.id, issue.version, None, None, None, "https://images.example.org/a.jpg",
                             "Carte")
        first = revisions.latest_id(issue)
        db.session.execute(IssueItem.__table__.update().values(image_override_width=800,
                                                                image_override_height=1200))
        db.session.commit()
        editing.set_override(issue, item.id, issue.version, None, None, None, "https://images.example.org/b.jpg",
                             "Autre carte")
        assert (item.image_override_width, item.image_override_height) == (None, None)
        db.session.execute(IssueItem.__table__.update().values(image_override_width=1600,
                                                                image_override_height=900))
        db.session.commit()
        editing.restore_revision(issue, first, issue.version, None)
        assert item.image_override == "https://images.example.org/a.jpg" and item.image_override_alt == "Carte"
        assert (item.image_override_width, item.image_override_height) == (None, None)


def test_slow_top_story_images_share_one_deadline_and_a_failed_one_is_not_fetched_at_every_action(
        app, images) -> None:
    """Every action on an issue measures its top stories' images. Images on a host that dribbles bytes took
    30 s each, at each action: now they share one FETCH_DEADLINE, and one that failed is left alone for a
    while (the problem was said when it failed)."""
    from composer.ingest import images as measure
    from tests.feedserver import dribble

    app.config["FETCH_DEADLINE"] = 1
    urls = [images.serve(f"/lent-{n}.jpg", dribble(40, 0.2), Content_Type="image/jpeg") for n in range(3)]
    with app.app_context():
        issue = make_issue()
        for n, url in enumerate(urls):
            article = make_article(f"Lent {n}", image_url=url, image_alt="Une piste")
            editing.add_item(issue, article.id, "lead", issue.version, None)
        first = measure.issue_images(issue, app.config)
        assert len(first) == 1 and "secondes" in first[0]  # the first took the whole time; the others wait
        assert images.requests == ["/lent-0.jpg"]
        measure.issue_images(issue, app.config)  # the next action: the failed one is not fetched again
        assert images.requests == ["/lent-0.jpg", "/lent-1.jpg"]
