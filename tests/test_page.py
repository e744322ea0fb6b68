"""Adding one article from its address: the web page (/articles/new?url=…, the library's field), the API and the
command line, against newsroom pages served by a real HTTP server on 127.0.0.1."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from sqlalchemy import func, select

from composer.extensions import db
from composer.models import Article
from tests.conftest import post
from tests.feedserver import FeedServer
from tests.test_paste import dropped_lines, review_form

PAGES = Path(__file__).parent / "fixtures" / "pages"
HTML = "text/html; charset=utf-8"


@pytest.fixture
def server(app) -> Iterator[FeedServer]:
    app.config["INGEST_ALLOW_PRIVATE"] = "1"  # the fetcher's test-only setting: loopback allowed
    with FeedServer() as running:
        yield running


def serve(server: FeedServer, name: str, path: str | None = None) -> str:
    return server.serve(path or f"/{name}", (PAGES / f"{name}.html").read_bytes(), Content_Type=HTML)


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Article))


def test_a_page_with_json_ld_reviewed_then_saved_then_opened_again(app, editor_client, server) -> None:
    url = serve(server, "menaka-jsonld", "/securite/2026/11/24/menaka-deplaces?utm_source=twitter")
    response = editor_client.get("/articles/new", query_string={"url": url})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    fields = review_form(page)
    assert fields["title"] == "Mali : à Ménaka, les déplacés attendent l’aide promise"
    assert fields["lead"].startswith("Dans le nord-est du Mali, des milliers de familles")
    assert fields["author"] == "Aïssata Coulibaly" and fields["section"] == "Sécurité"
    assert fields["tags"] == "Mali, Ménaka, EIGS, déplacés"
    assert fields["published_at"] == "2026-11-24T06:30"  # 07:30 in Bamako's +01:00 page time, stored in UTC
    assert fields["canonical_url"] == "https://horizon-sahel.example/securite/2026/11/24/menaka-deplaces"
    assert fields["image_url"] == "https://images.horizon-sahel.example/2026/11/menaka-camp.jpg"
    assert fields["image_alt"] == "Des tentes blanches alignées dans le sable à Ménaka"
    assert fields["language"] == "fr" and fields["kind"] == "article"
    body = fields["body"]
    assert body.index("Comme elle, plus de 40 000") < body.index("<h2>Une aide bloquée à Gao</h2>") \
        < body.index("<h2>Faut-il craindre une crise alimentaire ?</h2>") < body.index("<ul><li>40 000 déplacés")
    assert "<blockquote><p>« Nous avons des stocks" in body
    assert "Revers majeur" not in body and "Inscrivez-vous" not in body and "Gao : un convoi" not in body
    assert "LIRE AUSSI" in dropped_lines(page)
    with app.app_context():
        assert count() == 0  # reviewed first
    saved = post(editor_client, "/articles/review", fields)
    assert saved.status_code == 302
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert article.title == "Mali\u00a0: à Ménaka, les déplacés attendent l’aide promise"
    # The same article again, by its shared link: the library's own article opens, nothing is fetched twice.
    again = editor_client.get("/articles/new", query_string={"url": url})
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/articles/{article.id}")
    with app.app_context():
        assert count() == 1


@pytest.mark.parametrize(("name", "expected"), [
    ("tribune-opengraph", {  # OpenGraph only, filed under Opinions: an opinion piece
        "title": "Tribune : « La Cédéao doit se réinventer »", "kind": "opinion", "section": "Opinions",
        "author": "Clarisse Zongo", "tags": "Cédéao, AES, Intégration régionale", "published_at": "2026-11-23T18:00",
        "image_alt": "Clarisse Zongo, politologue, à Ouagadougou",
        "canonical_url": "https://courrier-golfe.example/opinions/tribune-cedeao-reinventer"}),
    ("kidal-amp", {  # AMP: the canonical address is the regular page; the picture's alt from its <amp-img>
        "canonical_url": "https://horizon-sahel.example/securite/2026/11/20/kidal-revers", "author": "Moussa Traoré",
        "image_url": "https://images.horizon-sahel.example/2026/11/kidal-16x9.jpg",
        "image_alt": "Des véhicules militaires sur une piste près de Kidal", "tags": "Kidal, FAMa, Africa Corps",
        "lead": "Une colonne des Forces armées maliennes et de leurs alliés russes est tombée dans une embuscade "
                "près de Tinzaouatène."}),
    ("niger-bare", {  # no metadata at all: everything from the page's text
        "title": "Niger : l’uranium au cœur d’un bras de fer avec Orano", "author": "Ibrahim Maïga",
        "published_at": "2026-11-24T08:30", "tags": "Niger, Orano, uranium, Imouraren", "section": "",
        "lead": "Niamey a retiré au groupe français le permis d’exploitation de la mine d’Imouraren, relançant la "
                "bataille pour le minerai stratégique du nord du pays."}),
    ("reuters-english", {"language": "en", "author": "Jane Doe", "section": "Africa",
                         "image_alt": "Colonel Assimi Goita in Bamako, in a file photo."}),
])
def test_newsroom_layouts(app, editor_client, server, name, expected) -> None:
    url = serve(server, name)
    response = editor_client.get("/articles/new", query_string={"url": url})
    assert response.status_code == 200
    fields = review_form(response.get_data(as_text=True))
    for field, value in expected.items():
        assert fields[field] == value, field
    assert fields["canonical_url"] in (expected.get("canonical_url"), url, fields["canonical_url"])


def test_paragraphs_after_a_lire_aussi_block_are_kept_in_a_page_without_metadata(app, editor_client, server) -> None:
    fields = review_form(editor_client.get("/articles/new", query_string={"url": serve(server, "niger-bare")})
                         .get_data(as_text=True))
    body = fields["body"]
    assert "<h2>Des partenaires russes et chinois en embuscade</h2>" in body and "La Chine, déjà présente" in body
    assert "La Russie lorgne" not in body and "Tillabéri" not in body and "Mots-clés" not in body
    assert "Publié le" not in body and "Par Ibrahim" not in body


def test_an_english_page_is_saved_without_french_typography(app, editor_client, server) -> None:
    fields = review_form(editor_client.get("/articles/new", query_string={"url": serve(server, "reuters-english")})
                         .get_data(as_text=True))
    assert post(editor_client, "/articles/review", fields).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Article.title)) == "Mali's junta extends transition to 2029"


def test_the_library_page_has_the_field_and_errors_say_why(app, editor_client, server) -> None:
    library = lxml.html.fromstring(editor_client.get("/articles").get_data(as_text=True))
    assert library.xpath("//form[@action='/articles/new' and @method='get']//input[@name='url']")
    missing = editor_client.get("/articles/new", query_string={"url": server.url + "/nulle-part"})
    assert missing.status_code == 422 and "404" in missing.get_data(as_text=True)
    feed = server.serve("/feed.xml", b"<?xml version='1.0'?><rss version='2.0'><channel></channel></rss>",
                        Content_Type="application/rss+xml")
    not_a_page = editor_client.get("/articles/new", query_string={"url": feed})
    assert not_a_page.status_code == 422 and "n’est pas une page web" in not_a_page.get_data(as_text=True)
    bad = editor_client.get("/articles/new", query_string={"url": "ftp://example.org/a"})
    assert bad.status_code == 422 and "http://" in bad.get_data(as_text=True)


def test_private_addresses_are_refused_by_default(app, editor_client) -> None:
    response = editor_client.get("/articles/new", query_string={"url": "http://127.0.0.1:9/article"})
    assert response.status_code == 422 and "127.0.0.1" in response.get_data(as_text=True)


def test_api_adds_an_article_from_its_url_once(app, admin, server) -> None:
    from composer.accounts.tokens import create_token
    from composer.models import User

    with app.app_context():
        token = create_token(db.session.get(User, admin.id), "test")[1]
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    url = serve(server, "tribune-opengraph")
    created = client.post("/api/v1/articles/from-url", json={"url": url}, headers=headers)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["kind"] == "opinion" and body["title"] == "Tribune\u00a0: «\u00a0La Cédéao doit se réinventer\u00a0»"
    assert body["url"] == "https://courrier-golfe.example/opinions/tribune-cedeao-reinventer"
    assert body["tags"] == ["Cédéao", "AES", "Intégration régionale"] and body["published_at"].startswith(
        "2026-11-23T18:00")
    again = client.post("/api/v1/articles/from-url", json={"url": url}, headers=headers)
    assert again.status_code == 200 and again.get_json()["id"] == body["id"]
    broken = client.post("/api/v1/articles/from-url", json={"url": server.url + "/absente"}, headers=headers)
    assert broken.status_code == 422 and "404" in broken.get_json()["error"]["message"]
    assert client.post("/api/v1/articles/from-url", json={"url": "pas une adresse"}, headers=headers) \
        .status_code == 422


def test_cli_imports_one_page_and_opens_it_the_second_time(app, runner, server) -> None:
    url = serve(server, "kidal-amp")
    result = runner.invoke(args=["import", url, "--format", "page"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "imported 1, updated 0, unchanged 0, skipped 0"
    again = runner.invoke(args=["import", url, "--format", "page"])
    assert again.exit_code == 0 and again.output.strip().splitlines()[-1] == \
        "imported 0, updated 0, unchanged 1, skipped 0"
    assert "déjà dans la bibliothèque" in again.output
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert article.canonical_url == "https://horizon-sahel.example/securite/2026/11/20/kidal-revers"
        assert "<h2>Un terrain difficile</h2>" in article.body and article.author == "Moussa Traoré"
    guessed = runner.invoke(args=["import", url])  # a page where a feed was expected: said, not imported
    assert guessed.exit_code == 1 and "--format page" in guessed.output


def test_an_address_that_cannot_be_found_is_explained_in_french_with_the_next_step(app, editor_client) -> None:
    """Offline, or a name that does not exist: the system's English (« Name or service not known ») never
    reaches the editor, and the page offers to paste the article instead."""
    answer = editor_client.get("/articles/new?url=https://nulle-part.invalid/article")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "impossible de trouver nulle-part.invalid" in page and "hors ligne" in page
    assert "le coller ci-dessous" in page
    assert "Name or service" not in page and "Errno" not in page
