"""Newsletter designs: « Classique » is the email as it was before designs existed, byte for byte."""
from __future__ import annotations

from pathlib import Path

import pytest

from composer.email.brand import Brand
from composer.email.render import render_issue
from composer.issues import editing
from tests.factories import at, make_article, make_issue

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
