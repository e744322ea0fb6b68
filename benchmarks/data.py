"""Generated French-looking newsroom content for benchmarks: Zipf-distributed words over a large vocabulary,
so that a query matches a realistic share of the library rather than every row."""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from itertools import accumulate

# Real words and names at the head of the distribution; generated words make the long tail.
COMMON = ("le la les de des du un une et à en au aux pour sur dans par avec qui que ne pas plus est sont a ont "
          "été selon après contre entre depuis sans sous vers où lors ainsi mais aussi").split()
TOPICAL = ("Mali Niger Burkina Sénégal Guinée Bénin Togo Ghana Nigeria Tchad Mauritanie Bamako Niamey Ouagadougou "
           "Dakar Kidal Gao Tombouctou Tillabéri Djibo armée sécurité jihadistes JNIM Wagner Africa Corps junte "
           "transition élection présidentielle Cédéao AES souveraineté franc CFA BCEAO uranium Orano or pétrole "
           "cacao dette budget économie réfugiés déplacés école santé presse liberté opposition gouvernement "
           "ministre président colonel capitaine Goïta Traoré Tiani Sonko Doumbouya Ouattara Gnassingbé Déby "
           "attaque embuscade drone frontière blocus convoi négociation accord sommet réforme Constitution "
           "référendum manifestation procès justice corruption mine contrat exportation pipeline sécheresse").split()
SYLLABLES = ("ba be bi bo bu da de di do du fa fe fi fo ga go gu ka ke ki ko ku la le li lo lu ma me mi mo mu "
             "na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za zo "
             "an en in on ou ai eau tion ment ité ance ière eur oir").split()
AUTHORS = ("Aminata Diallo", "Issouf Sawadogo", "Koffi Mensah", "Fatou Ndiaye", "Mamadou Bah", "Aïssata Coulibaly",
           "Rédaction", "Moussa Ouédraogo", "Clarisse Zongo", "Jean-Baptiste Kaboré")
SECTIONS = ("Politique", "Sécurité", "Économie", "Société", "Opinions")


class Corpus:
    def __init__(self, vocabulary_size: int = 40_000, seed: int = 7) -> None:
        self.random = random.Random(seed)
        words = list(COMMON) + list(TOPICAL)
        seen = set(words)
        while len(words) < vocabulary_size:
            word = "".join(self.random.choice(SYLLABLES) for _ in range(self.random.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                words.append(word)
        self.words = words
        # Zipf's law, s ≈ 1.07: a few words are everywhere, most are rare.
        self.cumulative = list(accumulate(1 / (rank ** 1.07) for rank in range(1, len(words) + 1)))

    def text(self, count: int) -> str:
        return " ".join(self.random.choices(self.words, cum_weights=self.cumulative, k=count))

    def sentence(self, count: int) -> str:
        text = self.text(count)
        return text[:1].upper() + text[1:] + "."

    def article(self, number: int, now: datetime) -> dict[str, object]:
        title = self.sentence(self.random.randint(7, 13)).rstrip(".")
        lead = self.sentence(self.random.randint(20, 35))
        body = "".join(f"<p>{self.sentence(self.random.randint(30, 60))}</p>" for _ in range(3))
        section = self.random.choice(SECTIONS)
        return {
            "title": title, "lead": lead, "body": body, "author": self.random.choice(AUTHORS),
            "section": section, "kind": "opinion" if section == "Opinions" else "article",
            "tags": [self.random.choice(TOPICAL) for _ in range(3)],
            "url": f"https://www.example.org/{section.lower()}/article-{number}",
            "published_at": now - timedelta(minutes=37 * number),
        }

    def queries(self, count: int) -> list[str]:
        """Varied searches an editor types: one or two words from the topical head and the middle of the
        distribution, without accents half the time."""
        from composer.text import fold

        queries = []
        for _ in range(count):
            picks = [self.random.choice(TOPICAL)]
            if self.random.random() < 0.5:
                picks.append(self.words[self.random.randint(60, 3000)])
            query = " ".join(picks)
            queries.append(fold(query) if self.random.random() < 0.5 else query)
        return queries


def rss_feed(corpus: Corpus, count: int, now: datetime) -> bytes:
    """An RSS 2.0 feed of count generated articles."""
    from html import escape

    items = []
    for number in range(count):
        a = corpus.article(number, now)
        published = a["published_at"].strftime("%a, %d %b %Y %H:%M:%S +0000")  # type: ignore[union-attr]
        categories = "".join(f"<category>{escape(str(t))}</category>" for t in a["tags"])  # type: ignore[union-attr]
        items.append(
            f"<item><title>{escape(str(a['title']))}</title><link>{a['url']}</link><guid>{a['url']}</guid>"
            f"<dc:creator>{escape(str(a['author']))}</dc:creator>{categories}<pubDate>{published}</pubDate>"
            f"<description>{escape(str(a['lead']))}</description>"
            f"<content:encoded><![CDATA[{a['body']}]]></content:encoded></item>"
        )
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '<channel><title>Bench</title><link>https://www.example.org/</link><description>Bench</description>'
            + "".join(items) + "</channel></rss>").encode("utf-8")
