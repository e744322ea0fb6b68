"""Newsletter designs: « Classique » is the email as it was before designs existed, byte for byte."""
from __future__ import annotations

from pathlib import Path

import pytest

from composer.email.brand import Brand
from composer.email.render import render_issue
from composer.issues import editing
from tests.factories import at, fill_with_sixty_stories, make_article, make_issue

GOLDEN = Path(__file__).resolve().parent / "fixtures" / "classique"
BRAND = Brand.from_mapping({})


def full_issue(stories: int = 6):
    """An issue with every kind of story: an illustrated top story, news, an opinion, related links, an intro."""
    issue = make_issue(preheader="Kidal, Niamey, Dakar : ce qu’il faut savoir",
                       intro="<p>Bonjour,</p><p>Une semaine <strong>chargée</strong> au Sahel.</p>")
    lead = make_article("Revers majeur pour l’armée malienne à Kidal", lead="Le chapô de l’article principal.",
                        image_url="https://img.example.org/kidal.jpg", image_alt="Des blindés à Kidal",
                        author="Awa Diallo", published_at=at(24),
                        canonical_url="https://www.example.org/kidal")
    editing.add_item(issue, lead.id, "lead", issue.version, None)
    for number in range(stories):
        article = make_article(f"Niger : l’uranium au cœur des tensions {number}", lead=f"Le chapô {number}.",
                               image_url=f"https://img.example.org/{number}.jpg", image_alt=f"Photo {number}",
                               author="Rédaction", published_at=at(20 + number % 5),
                               canonical_url=f"https://www.example.org/niger-{number}")
        editing.add_item(issue, article.id, "news", issue.version, None)
    opinion = make_article("Tribune : « Le franc CFA n’est plus un tabou »", kind="opinion",
                           lead="Un point de vue.", author="M. Ouédraogo", published_at=at(22),
                           canonical_url="https://www.example.org/cfa")
    editing.add_item(issue, opinion.id, "opinions", issue.version, None)
    related = make_article("Mali : la transition prolongée", published_at=at(21),
                           canonical_url="https://www.example.org/mali")
    editing.add_item(issue, related.id, "related", issue.version, None)
    return issue


CASES = [("generic", 6), ("mailchimp", 6), ("generic", 20)]


@pytest.mark.parametrize(("profile", "stories"), CASES)
def test_classique_renders_the_email_of_before_designs_byte_for_byte(app, profile, stories) -> None:
    with app.app_context():
        issue = full_issue(stories)
        rendered = render_issue(issue, profile, BRAND)
        name = f"{profile}-{stories}"
        assert rendered.html == (GOLDEN / f"{name}.html").read_text(encoding="utf-8")
        assert rendered.text == (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")


# Every preset, and options mixed across presets, must stay email-safe.
DESIGNS = [
    {"preset": "classique"},
    {"preset": "brief"},
    {"preset": "magazine"},
    {"preset": "classique", "layout": "thumbnail", "font": "sans", "header": "name", "align": "left",
     "bylines": "all", "date_line": False, "accent_color": "#0b5394"},
    {"preset": "brief", "layout": "image", "font": "serif", "bylines": "opinions"},
    {"preset": "magazine", "layout": "thumbnail", "header": "name", "bylines": "none"},
]
DESIGN_IDS = ["classique", "brief", "magazine", "classique-mixed", "brief-images", "magazine-thumbnails"]


def with_design(issue, values: dict) -> None:
    from composer.extensions import db

    issue.newsletter.design = values
    db.session.commit()


@pytest.fixture
def demo_issue(app):
    from composer.demo import seed
    from composer.extensions import db
    from composer.models import Issue

    with app.app_context():
        seed()
        yield db.session.query(Issue).one()


@pytest.mark.parametrize("values", DESIGNS, ids=DESIGN_IDS)
def test_every_design_passes_the_lint_email_check_caniemail_and_html_validate(app, demo_issue, values,
                                                                              tmp_path) -> None:
    import json
    import subprocess
    import sys

    from composer.email.lint import errors_of, lint_email
    from tests.test_email_output import CLIENTS, DOIUSE_ALLOWED, node_tool

    with app.app_context():
        with_design(demo_issue, values)
        html = render_issue(demo_issue, "generic", BRAND).html
    assert errors_of(lint_email(html)) == []
    target = tmp_path / "email.html"
    target.write_text(html, encoding="utf-8")
    checked = subprocess.run([sys.executable, "/work/shared/tools/email-check", str(target), "--json"],
                             capture_output=True, text=True, timeout=60, check=False)
    assert checked.returncode == 0, checked.stdout[:2000]
    report = json.loads(node_tool("node_modules/doiuse-email/bin/cli.js", "-e", CLIENTS, str(target)).stdout)
    assert [e for e in report["errors"] if e not in DOIUSE_ALLOWED] == []
    validated = node_tool("node_modules/html-validate/bin/html-validate.mjs", "--config", ".htmlvalidate.json",
                          "-f", "json", str(target))
    assert validated.returncode == 0, validated.stdout[:2000]


@pytest.mark.parametrize("values", DESIGNS, ids=DESIGN_IDS)
def test_sixty_stories_stay_under_gmails_clipping_limit_in_every_design(app, values) -> None:
    with app.app_context():
        issue = make_issue(subject="Soixante articles", preheader="Un numéro très chargé pour tester la taille")
        with_design(issue, values)
        fill_with_sixty_stories(issue)
        assert render_issue(issue, "generic", BRAND).size_bytes < 102 * 1024


def test_the_three_presets_look_deliberately_different(app) -> None:
    with app.app_context():
        issue = full_issue()
        html = {}
        for preset in ("classique", "brief", "magazine"):
            with_design(issue, {"preset": preset})
            html[preset] = render_issue(issue, "generic", BRAND).html
        # Magazine: an image for every story that has one; Classique: the top story's only; Brief: none.
        assert html["magazine"].count('src="https://img.example.org/') == 7
        assert html["classique"].count('src="https://img.example.org/') == 1
        assert html["brief"].count('src="https://img.example.org/') == 0
        # Brief: sans-serif, smaller titles, left-aligned newsletter name, no bylines.
        assert 'class="h-item" style="margin:0;font-family:Arial, Helvetica, sans-serif;' in html["brief"]
        assert "font-size:17px;line-height:23px" in html["brief"]
        assert "Opinion · M. Ouédraogo" not in html["brief"]
        # Magazine: every story signed; Classique: opinion pieces only.
        assert "Awa Diallo" not in html["classique"] and "Rédaction" in html["magazine"]
        assert "Opinion · M. Ouédraogo" in html["classique"]


def test_the_accent_colour_and_header_of_a_newsletter_are_its_own(app) -> None:
    with app.app_context():
        issue = full_issue(1)
        issue.newsletter.name = "La Matinale"
        with_design(issue, {"preset": "classique", "accent_color": "#0b5394", "header": "name", "date_line": False})
        html = render_issue(issue, "generic", BRAND).html
        assert "La Matinale" in html and "#0b5394" in html and BRAND.accent_color not in html
        assert 'class="p-date"' not in html
