"""Imports from a real local HTTP server: RSS, Atom, WordPress, CSV/JSON, text; safety and idempotency."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from composer import library
from composer.errors import DomainError
from composer.extensions import db
from composer.ingest import ImportFailed
from composer.ingest.importer import ImportOptions, run_import
from composer.models import Article, ImportRun
from tests.feedserver import FeedServer, endless

FIXTURES = Path(__file__).parent / "fixtures"
LOCAL = ImportOptions(allow_private=True)
FILES = ImportOptions(allow_files=True)  # what the command line passes: it may read a path on disk


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def count_articles() -> int:
    return db.session.scalar(select(func.count()).select_from(Article))


def by_url(url: str) -> Article:
    return db.session.scalar(select(Article).where(Article.canonical_url == url))


def test_rss_import_maps_fields_sanitizes_and_skips_duplicates(app, server) -> None:
    url = server.serve("/feed/", fixture("feed.rss"), Content_Type="application/rss+xml")
    with app.app_context():
        result, run = run_import(url, None, None, "Actualité", None, LOCAL)
        assert (result.imported, result.updated, result.skipped) == (3, 0, 1)
        assert "entrée 4" in result.messages[0]
        mali = by_url("https://horizon-sahel.example/securite/mali-anefis")
        assert mali.title == "Mali\u00a0: l’armée reprend Anéfis"  # French typography, as every way in gives it
        assert mali.lead == "Les Forces armées maliennes ont repris la localité d’Anéfis, sur la route de Kidal."
        assert mali.author == "Aïssata Coulibaly" and mali.tag_list == ["Mali", "FAMa"]
        assert mali.image_url == "https://images.horizon-sahel.example/anefis.jpg"
        assert mali.image_alt == "Un blindé des FAMa à l’entrée d’Anéfis"  # from the body's <img> of that photo
        assert mali.published_at.isoformat() == "2026-11-24T07:30:00"
        assert mali.guid == "hs-1001" and mali.section == "Mali"  # its first category; all are tags
        for bad in ("<script", "onclick", "javascript:", "pirate"):
            assert bad not in mali.body
        assert "<h2>Une route stratégique</h2>" in mali.body
        petrole = by_url("https://horizon-sahel.example/economie/niger-benin-petrole")  # relative link resolved
        assert petrole.title == "Niger & Bénin\u00a0: le pétrole coule de nouveau"
        assert petrole.section == "Actualité"  # no category: the rubrique chosen for the import
        assert petrole.lead == "Le brut nigérien transite de nouveau vers le port de Sèmè."
        assert petrole.image_url == "https://images.horizon-sahel.example/petrole.png"
        tribune = by_url("https://horizon-sahel.example/opinions/cedeao-reinventer")
        # An audio enclosure is not an image: the body's first picture is (lazy-loaded, relative), not its pixel.
        assert tribune.image_url == "https://horizon-sahel.example/images/zongo.jpg"
        assert tribune.image_alt == "Clarisse Zongo, politologue"
        assert petrole.image_alt == ""
        assert run.status == "ok" and run.imported == 3


def test_reimport_is_idempotent_and_updates_what_changed(app, server) -> None:
    feed = fixture("feed.rss")
    url = server.serve("/feed/", feed)
    with app.app_context():
        run_import(url, "rss", None, None, None, LOCAL)
        again, _ = run_import(url, "rss", None, None, None, LOCAL)
        assert (again.imported, again.updated) == (0, 0)
        assert count_articles() == 3
        server.serve("/feed/", feed.replace(b"reprend An\xc3\xa9fis</title>", b"reprend Anefis et Tessalit</title>"))
        changed, _ = run_import(url, "rss", None, None, None, LOCAL)
        assert (changed.imported, changed.updated) == (0, 1)
        assert by_url("https://horizon-sahel.example/securite/mali-anefis").title.endswith("et Tessalit")
        assert count_articles() == 3


def test_an_editors_change_is_never_overwritten_by_a_reimport(app, server) -> None:
    feed = fixture("feed.rss")
    url = server.serve("/feed/", feed)
    with app.app_context():
        run_import(url, "rss", None, None, None, LOCAL)
        article = by_url("https://horizon-sahel.example/securite/mali-anefis")
        data = library.ArticleData(title="Titre choisi par la rédaction", canonical_url=article.canonical_url,
                                   lead=article.lead, body=article.body)
        library.update_article(article, data)
        server.serve("/feed/", feed.replace(b"Les Forces arm", b"Mise \xc3\xa0 jour : les Forces arm"))
        result, _ = run_import(url, "rss", None, None, None, LOCAL)
        assert result.updated == 0 and any("modifié dans Composer" in m for m in result.messages)
        db.session.expire_all()
        assert by_url("https://horizon-sahel.example/securite/mali-anefis").title == "Titre choisi par la rédaction"


def test_atom_with_missing_dates_and_entities(app, server) -> None:
    url = server.serve("/opinions.atom", fixture("feed.atom"), Content_Type="application/atom+xml")
    with app.app_context():
        result, _ = run_import(url, None, "opinion", "Opinions", None, LOCAL)
        assert result.imported == 2
        gold = by_url("https://horizon-sahel.example/opinions/or-malien")
        assert gold.kind == "opinion" and gold.author == "Jean-Baptiste Kaboré"
        assert gold.lead == "Barrick, l’État et les orpailleurs\u00a0: qui profite du métal jaune\u00a0?"
        assert gold.image_url == "https://images.horizon-sahel.example/or.jpg"
        assert "<h2>Un code minier durci</h2>" in gold.body
        assert by_url("https://horizon-sahel.example/opinions/sans-date").published_at is not None


def test_wordpress_follows_pagination(app, server) -> None:
    server.serve("/wp-json/wp/v2/posts", fixture("wp-page1.json"), X_WP_TotalPages="2",
                 Content_Type="application/json")
    server.routes["/wp-json/wp/v2/posts?_embed=1&per_page=50&page=2"] = server.routes["/wp-json/wp/v2/posts"]
    server.serve("/wp-json/wp/v2/posts?_embed=1&per_page=50&page=2", fixture("wp-page2.json"),
                 X_WP_TotalPages="2")
    with app.app_context():
        result, _ = run_import(server.url, "wordpress", None, None, None, LOCAL)
        assert result.imported == 3
        burkina = by_url("https://horizon-sahel.example/burkina-transition/")
        assert burkina.title == "Burkina\u00a0: la transition prolongée"
        assert burkina.lead == "Les assises ont adopté une nouvelle charte."
        assert burkina.image_url == "https://images.horizon-sahel.example/ouaga.jpg"
        assert burkina.image_alt == "Place de la Nation à Ouagadougou"
        assert burkina.tag_list == ["Politique", "AES"] and burkina.author == "Issouf Sawadogo"
        assert by_url("https://horizon-sahel.example/cacao-prix-record/").title.startswith("Côte d’Ivoire")
    assert any("page=2" in path for path in server.requests)


def test_csv_reports_bad_rows_by_line_and_imports_the_rest(app, runner) -> None:
    result = runner.invoke(args=["import", str(FIXTURES / "articles.csv")])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "imported 2, updated 0, unchanged 0, skipped 2"
    assert "ligne 4" in result.output and "ligne 5" in result.output
    with app.app_context():
        tribune = by_url("https://horizon-sahel.example/opinions/liberer-ecole")
        assert tribune.kind == "opinion" and tribune.title == "Tribune\u00a0: «\u00a0Libérer l’école\u00a0»"
        assert by_url("https://horizon-sahel.example/economie/senegal-dette").tag_list == ["Sénégal", "dette"]


def test_json_file_import(app, tmp_path) -> None:
    path = tmp_path / "articles.json"
    path.write_text(json.dumps([{"title": "Guinée : le référendum", "url": "https://example.org/guinee",
                                 "tags": ["Guinée"], "published": "2026-11-10"}, {"lead": "sans titre"}]),
                    encoding="utf-8")
    with app.app_context():
        result, _ = run_import(str(path), None, None, None, None, FILES)
        assert (result.imported, result.skipped) == (1, 1)
        assert "élément 2" in result.messages[0]


@pytest.mark.parametrize("name,body,expected", [
    ("not-xml", b"Ceci n'est pas un flux, juste du texte.", "pas un flux RSS ou Atom lisible"),
    ("html", b"<html><body><p>Une page web</p></body></html>", "pas un flux RSS ou Atom lisible"),
    ("laughs", None, "entités XML"),
    # An invalid byte first makes a strict parser give up early; feedparser would then read it as
    # windows-1252 and expand the entity: 200 references, 200 copies.
    ("laughs-after-a-bad-byte", b'<?xml version="1.0"?><!-- \xff --><!DOCTYPE rss [<!ENTITY a "'
     + b"ha" * 500 + b'">]><rss version="2.0"><channel><title>t</title><item><title>x</title><link>'
     b"https://example.org/a</link><description>" + b"&a;" * 200 + b"</description></item></channel></rss>",
     "entités XML"),
    ("laughs-in-utf-16", '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE rss [<!ENTITY a "ha">]><rss/>'
     .encode("utf-16"), "entités XML"),
])
def test_broken_or_hostile_feeds_are_refused_with_nothing_written(app, server, name, body, expected) -> None:
    url = server.serve(f"/{name}", body if body is not None else fixture("billion-laughs.xml"))
    with app.app_context():
        with pytest.raises(ImportFailed) as error:
            run_import(url, "rss", None, None, None, LOCAL)
        assert expected in error.value.message
        assert count_articles() == 0
        run = db.session.scalar(select(ImportRun))
        assert run.status == "failed" and expected in run.messages


def test_a_50_mb_response_is_cut_off_at_the_limit(app, server) -> None:
    url = server.serve("/huge", endless(50 * 1024 * 1024), Content_Type="application/rss+xml")
    with app.app_context():
        with pytest.raises(ImportFailed, match="limite"):
            run_import(url, "rss", None, None, None, LOCAL)
        assert count_articles() == 0
    assert server.url  # the server is still up: the client stopped reading early


def test_private_addresses_schemes_and_redirect_loops_are_refused(app, server) -> None:
    url = server.serve("/feed/", fixture("feed.rss"))
    server.serve("/loop", b"", status=302, Location="/loop")
    with app.app_context():
        with pytest.raises(ImportFailed, match="privée ou locale"):
            run_import(url, "rss", None, None, None, ImportOptions(allow_private=False))
        with pytest.raises(ImportFailed, match="http et https"):
            run_import("file:///etc/passwd", "rss", None, None, None, LOCAL)
        with pytest.raises(ImportFailed, match="redirections"):
            run_import(server.url + "/loop", "rss", None, None, None, LOCAL)
        assert count_articles() == 0


def test_cli_import_failure_exits_1_with_one_line(app, runner, server) -> None:
    app.config["INGEST_ALLOW_PRIVATE"] = "1"
    url = server.serve("/bad", b"pas un flux")
    result = runner.invoke(args=["import", url, "--format", "rss"])
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert runner.invoke(args=["import", "/nulle/part.csv"]).exit_code == 1
    assert runner.invoke(args=["import", url, "--format", "docx"]).exit_code == 1


def test_all_or_nothing_when_a_write_fails_half_way(app, server, monkeypatch) -> None:
    url = server.serve("/feed/", fixture("feed.rss"))
    from composer import ingest

    calls = {"n": 0}
    original = library.apply_data

    def failing(article, data):  # the database goes away at the second article
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        original(article, data)

    monkeypatch.setattr(ingest.library, "apply_data", failing)
    with app.app_context():
        with pytest.raises(RuntimeError):
            run_import(url, "rss", None, None, None, LOCAL)
        assert count_articles() == 0


def test_domain_errors_of_imports_are_domain_errors() -> None:
    assert issubclass(ImportFailed, DomainError)


def test_one_import_finds_its_own_earlier_items_and_a_failed_one_leaves_no_tag_behind(app, monkeypatch) -> None:
    from sqlalchemy import select

    from composer import ingest
    from composer.ingest import Record, apply_records
    from composer.models import Tag

    with app.app_context():
        result = apply_records([
            Record(title="Ménaka", line="ligne 2", canonical_url="https://example.org/menaka", guid="g-1",
                   tags=["Ménaka"]),
            Record(title="Ménaka, la suite", line="ligne 3", guid="g-1", tags=["Ménaka", "Gao"]),
        ])
        assert (result.imported, result.updated) == (1, 1)  # the second item is the first one, by its GUID
        article = library.search_articles(library.SearchQuery(tag="menaka")).items
        assert [(a.title, a.tag_list) for a in article] == [("Ménaka, la suite", ["Ménaka", "Gao"])]

        def disk_full(*args: object) -> None:
            raise RuntimeError("disk full")

        with monkeypatch.context() as patch:  # the write fails after the import made a new tag
            patch.setattr(ingest.revisions, "record_articles", disk_full)
            with pytest.raises(RuntimeError):
                apply_records([Record(title="Ansongo", line="ligne 2", tags=["Ansongo"])])
        assert "Ansongo" not in db.session.scalars(select(Tag.name)).all()
        library.create_article(library.ArticleData(title="Ansongo", tags=["Ansongo"]))
        assert [a.title for a in library.search_articles(library.SearchQuery(tag="ansongo")).items] == ["Ansongo"]


@pytest.mark.parametrize("name,fmt,body,expected", [
    ("deep.json", None, b"[" * 100_000 + b"]" * 100_000, "pas du JSON valide"),
    ("deep.json", "wordpress", b"[" * 100_000 + b"]" * 100_000, "pas du JSON"),
    ("long.csv", "csv", b"title,body\nUn titre," + b"x" * 200_000 + b"\n", "après la ligne"),
])
def test_files_no_reader_can_take_are_refused_with_a_reason_and_recorded(app, tmp_path, name, fmt, body,
                                                                          expected) -> None:
    path = tmp_path / name
    path.write_bytes(body)
    with app.app_context():
        with pytest.raises(ImportFailed) as refused:
            run_import(str(path), fmt, None, None, None, FILES)
        assert expected in refused.value.message
        run = db.session.scalar(select(ImportRun))
        assert run.status == "failed" and count_articles() == 0
