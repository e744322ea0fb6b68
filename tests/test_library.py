"""The content library service: search (accent- and case-insensitive, ranked, filtered) and saving."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from composer import library
from composer.errors import DuplicateURL, InvalidInput, StaleEdit
from composer.extensions import db
from composer.models import Article
from tests.factories import at, make_article


def titles(query: library.SearchQuery) -> list[str]:
    return [a.title for a in library.search_articles(query).items]


def test_search_ignores_accents_and_case(app) -> None:
    with app.app_context():
        make_article("Sécurité : le nord sous pression", section="Sécurité")
        make_article("Le colonel Assimi Goïta reçoit les chefs traditionnels", section="Politique")
        make_article("Économie : le cacao à prix record", section="Économie")
        assert titles(library.SearchQuery(q="securite")) == ["Sécurité : le nord sous pression"]
        assert titles(library.SearchQuery(q="GOITA")) == ["Le colonel Assimi Goïta reçoit les chefs traditionnels"]
        assert titles(library.SearchQuery(q="économie cacao")) == ["Économie : le cacao à prix record"]
        assert titles(library.SearchQuery(q="ECONOMIE")) == ["Économie : le cacao à prix record"]


def test_search_covers_lead_body_author_and_tags(app) -> None:
    with app.app_context():
        make_article("Titre A", lead="Le chapô parle d’Imouraren")
        make_article("Titre B", body="<p>Le corps évoque Tillabéri</p>")
        make_article("Titre C", author="Aïssata Coulibaly")
        make_article("Titre D", tags="Wagner, Africa Corps")
        assert titles(library.SearchQuery(q="imouraren")) == ["Titre A"]
        assert titles(library.SearchQuery(q="tillaberi")) == ["Titre B"]
        assert titles(library.SearchQuery(q="aissata")) == ["Titre C"]
        assert titles(library.SearchQuery(q="africa corps")) == ["Titre D"]


def test_every_word_must_match(app) -> None:
    with app.app_context():
        make_article("Mali : l’armée à Kidal")
        make_article("Niger : l’armée à Niamey")
        assert titles(library.SearchQuery(q="armee kidal")) == ["Mali : l’armée à Kidal"]


def test_title_matches_rank_above_body_matches_then_newest_first(app) -> None:
    with app.app_context():
        for n, subject in enumerate(("Niger", "Sénégal", "Togo", "Bénin", "Ghana", "Guinée")):
            make_article(f"{subject} : actualité {n}", body="<p>Rien à voir.</p>")  # a library, not 3 rows
        make_article("Dans le corps seulement", body="<p>Le Burkina en crise</p>", published_at=at(20))
        make_article("Burkina : ancien titre", published_at=at(1))
        make_article("Burkina : titre récent", published_at=at(10))
        assert titles(library.SearchQuery(q="burkina")) == [
            "Burkina : titre récent", "Burkina : ancien titre", "Dans le corps seulement"]


def test_without_query_newest_first(app) -> None:
    with app.app_context():
        make_article("Vieux", published_at=at(1))
        make_article("Neuf", published_at=at(22))
        assert titles(library.SearchQuery()) == ["Neuf", "Vieux"]


def test_filters_kind_section_tag_and_dates_combine_with_search(app) -> None:
    with app.app_context():
        make_article("Mali tribune", kind="opinion", section="Opinions", tags="Mali", published_at=at(3))
        make_article("Mali article", kind="article", section="Sécurité", tags="Mali, Kidal", published_at=at(10))
        make_article("Niger article", kind="article", section="Politique", tags="Niger", published_at=at(12))
        assert titles(library.SearchQuery(kind="opinion")) == ["Mali tribune"]
        assert titles(library.SearchQuery(section="Sécurité")) == ["Mali article"]
        assert titles(library.SearchQuery(tag="kidal")) == ["Mali article"]
        assert titles(library.SearchQuery(q="mali", kind="article")) == ["Mali article"]
        assert titles(library.SearchQuery(date_from=date(2026, 11, 5), date_to=date(2026, 11, 11))) == ["Mali article"]
        assert titles(library.SearchQuery(date_to=date(2026, 11, 10))) == ["Mali article", "Mali tribune"]


def test_library_pages_hold_fifty_articles(app) -> None:
    with app.app_context():
        for n in range(51):
            make_article(f"Article {n}", published_at=at(1 + n % 28))
        first = library.search_articles(library.SearchQuery(), page=1)
        second = library.search_articles(library.SearchQuery(), page=2)
        assert (len(first.items), len(second.items), first.pages, first.total) == (50, 1, 2, 51)


def test_body_is_sanitized_on_save(app) -> None:
    with app.app_context():
        article = make_article(
            "Nettoyé",
            body='<p onclick="alert(1)">Texte <strong>gras</strong></p><script>alert(2)</script>'
                 '<a href="javascript:alert(3)">piège</a><a href="https://example.org/a">lien</a>'
                 '<h2>Intertitre</h2><img src="x" onerror="alert(4)"><iframe src="https://x"></iframe>',
        )
        body = article.body
        for bad in ("<script", "onclick", "javascript:", "onerror", "<img", "<iframe", "alert(2)"):
            assert bad not in body
        assert "<strong>gras</strong>" in body and "<h2>Intertitre</h2>" in body
        assert '<a href="https://example.org/a">lien</a>' in body


def test_french_typography_is_kept_exactly(app) -> None:
    with app.app_context():
        title = "Tribune\u00a0: «\u00a0Le franc CFA n’est plus un tabou\u00a0»"
        article = make_article(title, lead="L’économiste s’interroge\u00a0!")
        db.session.expire_all()
        again = db.session.get(Article, article.id)
        assert again.title == title
        assert again.lead == "L’économiste s’interroge\u00a0!"


def test_invalid_article_is_refused_with_reasons(app) -> None:
    with app.app_context():
        with pytest.raises(InvalidInput) as error:
            make_article("  ", kind="dépêche", canonical_url="ftp://x")
        assert set(error.value.fields) == {"title", "kind", "canonical_url"}
        assert db.session.query(Article).count() == 0


def test_canonical_url_is_unique(app) -> None:
    with app.app_context():
        first = make_article("Un", canonical_url="https://example.org/a")
        with pytest.raises(DuplicateURL) as error:
            make_article("Deux", canonical_url="https://example.org/a")
        assert error.value.existing_id == first.id


def test_database_itself_enforces_kind_title_and_unique_url(app) -> None:
    with app.app_context():
        for bad in (
            Article(title="Bon", kind="brève"),
            Article(title="   ", kind="article"),
        ):
            db.session.add(bad)
            with pytest.raises(IntegrityError):
                db.session.commit()
            db.session.rollback()
        db.session.add(Article(title="A", kind="article", canonical_url="https://example.org/u"))
        db.session.commit()
        db.session.add(Article(title="B", kind="article", canonical_url="https://example.org/u"))
        with pytest.raises(IntegrityError):
            db.session.commit()


def test_update_against_an_older_version_changes_nothing(app) -> None:
    with app.app_context():
        article = make_article("Version 1")
        loaded_version = article.version
        library.update_article(article, library.ArticleData(title="Version 2"), expected_version=loaded_version)
        with pytest.raises(StaleEdit):
            library.update_article(article, library.ArticleData(title="Version 3"), expected_version=loaded_version)
        db.session.expire_all()
        assert db.session.get(Article, article.id).title == "Version 2"




def test_non_breaking_spaces_stay_characters_in_sanitized_bodies(app) -> None:
    with app.app_context():
        article = make_article("Corps", body="<p>Il l’a dit\u00a0: «\u00a0non\u00a0» &nbsp;!</p>")
        assert article.body == "<p>Il l’a dit\u00a0: «\u00a0non\u00a0» \u00a0!</p>"


def test_broad_search_ranks_the_newest_matches_and_says_so(app, monkeypatch) -> None:
    """A word found in much of the archive: the page ranks the newest matches and tells the editor older ones
    exist; a filter is applied before that cut, so an old opinion piece is still found by word + kind."""
    monkeypatch.setattr("composer.library.search.CANDIDATES", 4)
    with app.app_context():
        make_article("Mali : l’opinion d’un ancien ministre", kind="opinion", published_at=at(1))
        for day in range(2, 9):
            make_article(f"Mali : dépêche {day}", published_at=at(day))
        broad = library.search_articles(library.SearchQuery(q="mali"))
        assert broad.capped and broad.total == 4
        assert "Mali : l’opinion d’un ancien ministre" not in [a.title for a in broad.items]
        opinions = library.search_articles(library.SearchQuery(q="mali", kind="opinion"))
        assert [a.title for a in opinions.items] == ["Mali : l’opinion d’un ancien ministre"]
        assert not opinions.capped and opinions.total == 1


def test_tags_are_shared_rows_kept_in_the_editors_order_through_saves_revisions_and_imports(app) -> None:
    from sqlalchemy import func, select

    from composer import revisions
    from composer.ingest import Record, apply_records
    from composer.models import Tag

    with app.app_context():
        first = make_article("Kidal repris", tags="Mali, Sécurité, Mali")
        make_article("Tessalit", tags=["sécurité", "Mali, Gao"])  # a comma separates tags, as in the form
        assert first.tag_list == ["Mali", "Sécurité"] and first.tags == "Mali, Sécurité"
        assert sorted(db.session.scalars(select(Tag.name))) == ["Gao", "Mali", "Sécurité", "sécurité"]
        assert titles(library.SearchQuery(tag="SECURITE")) == ["Tessalit", "Kidal repris"]

        library.update_article(first, library.ArticleData(title="Kidal repris", tags=["Kidal", "Mali"]), 1)
        assert (first.version, first.tag_list) == (2, ["Kidal", "Mali"])  # one save, one version
        assert titles(library.SearchQuery(tag="securite")) == ["Tessalit"]
        created = revisions.history(article=first)[-1].revision
        library.restore_article_revision(first, created.id, 2)
        assert first.tag_list == ["Mali", "Sécurité"] and titles(library.SearchQuery(q="kidal")) == ["Kidal repris"]

        result = apply_records([Record(title="Ménaka", line="ligne 2", tags=["Ménaka", "Mali"]),
                                Record(title="Ansongo", line="ligne 3", tags=["Ménaka"])])
        assert result.imported == 2
        assert db.session.scalar(select(func.count()).select_from(Tag).where(Tag.name == "Ménaka")) == 1
        assert titles(library.SearchQuery(tag="menaka")) == ["Ansongo", "Ménaka"]


def test_search_follows_every_write_of_an_article_not_only_the_library_service(app) -> None:
    """The search columns and the full-text index follow any flush: an article added or changed by other code
    (a script, a later feature) is found by its words and tags as soon as it is saved."""
    from composer.models import ArticleTag

    with app.app_context():
        scripted = Article(title="Ménaka : la relève", kind="article", body="<p>Les FAMa à Ménaka.</p>")
        db.session.add(scripted)
        db.session.commit()
        assert titles(library.SearchQuery(q="menaka")) == ["Ménaka : la relève"]
        scripted.title = "Ansongo : la relève"
        db.session.commit()
        assert titles(library.SearchQuery(q="ansongo")) == ["Ansongo : la relève"]
        assert titles(library.SearchQuery(q="releve menaka")) == ["Ansongo : la relève"]  # the body still says so
        article = make_article("Gao", tags="Sahel, Niger")
        first, second = article.tag_links
        first.position, second.position = 1, 0  # only the links change
        db.session.commit()
        db.session.expire_all()
        article = db.session.get(Article, article.id)
        assert article.tag_list == ["Niger", "Sahel"] and article.search_tags == "|niger|sahel|"
        db.session.delete(db.session.get(ArticleTag, (article.id, first.tag_id)))
        db.session.commit()
        assert titles(library.SearchQuery(q="sahel")) == [] and titles(library.SearchQuery(tag="niger")) == ["Gao"]
