"""What a news page wraps around an article, recognised line by line: menus, breadcrumbs, share buttons, age and
reading-time lines, newsletter sign-ups, teaser headings (« LIRE AUSSI »), footers; and the lines that carry the
article's own metadata (« Par X, envoyée spéciale à Y », « Mots-clés : », « Rubrique : », « Publié le … »)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from composer.models import utcnow
from composer.text import fold

TEASER_HEADINGS = {
    "du meme sujet", "sur le meme sujet", "a lire aussi", "lire aussi", "a lire egalement", "lire egalement",
    "a voir aussi", "voir aussi", "a decouvrir", "a decouvrir aussi", "dans la meme rubrique", "les plus lus",
    "les plus partages", "articles similaires", "articles lies", "vous aimerez aussi", "vous pourriez aimer",
    "vous aimerez aussi aimer", "nos articles", "notre selection", "en lien", "sur le meme theme", "a la une",
    "dernieres actualites", "dernieres infos", "related", "read more", "read also", "more on this topic",
    "related articles", "most read",
}
SOCIAL = {"partager", "partagez", "facebook", "twitter", "x", "whatsapp", "linkedin", "telegram", "imprimer",
          "e-mail", "email", "mail", "commenter", "commentaires", "s'abonner", "s’abonner", "share", "tweet",
          "copier le lien", "copier", "lien", "reagir", "ecouter", "ecouter cet article", "offrir cet article",
          "offrir", "sauvegarder", "enregistrer", "favoris", "ajouter a mes favoris", "bluesky", "messenger",
          "flipboard", "envoyer", "envoyer par e-mail", "sur", "cet", "article", "le", "par", "via", "et"}
NAV_WORDS = {"accueil", "home", "menu", "rechercher", "recherche", "se connecter", "connexion", "mon compte",
             "s'abonner", "s’abonner", "abonnement", "abonnez-vous", "je m'abonne", "je m’abonne", "newsletters",
             "newsletter", "edition du jour", "en direct", "direct", "fermer", "retour", "retour en haut",
             "haut de page", "suivant", "precedent", "lire la suite", "voir plus", "afficher plus", "charger plus",
             "toute l'actualite", "toute l’actualite", "publicite", "contenu sponsorise", "podcasts", "videos",
             "mentions legales", "contact", "nous contacter", "plan du site", "qui sommes-nous", "a propos",
             "cookies", "gerer mes cookies", "politique de confidentialite", "conditions generales d'utilisation",
             "conditions generales", "cgu", "cgv", "aide", "faq", "fr", "en", "english", "francais"}
SIGNUP_STARTS = ("inscrivez-vous", "abonnez-vous", "je m'abonne", "je m’abonne", "s'inscrire", "s’inscrire",
                 "recevez", "votre adresse e-mail", "votre adresse email", "votre e-mail", "adresse e-mail",
                 "en vous inscrivant", "deja abonne", "cet article est reserve aux abonnes", "il vous reste",
                 "offre speciale", "essayez gratuitement", "connectez-vous", "creer un compte", "soutenez",
                 "la suite apres cette publicite", "publicite", "contenu sponsorise", "suivez-nous",
                 "telechargez notre application", "retrouvez-nous")
FOOTER_MARKS = ("©", "tous droits reserves", "all rights reserved", "reproduction interdite")
CREDIT_STARTS = ("photo :", "photo:", "(photo", "credit :", "credit photo", "credits :", "illustration :",
                 "image :", "© ")
TAG_LABELS = ("mots-cles", "mots cles", "mot-cle", "mots-clefs", "tags", "themes", "thematiques", "keywords",
              "sujets associes", "etiquettes")
RUBRIQUE_LABELS = ("rubrique", "categorie", "categories", "section")
AGE = re.compile(r"^(il y a\s+)?(\d+|un|une)\s+(secondes?|minutes?|min|heures?|h|jours?|semaines?|mois|ans?|"
                 r"annees?)(\s+ago)?$")
PUBLISHED = re.compile(r"^(publie|publiee|mis a jour|mise a jour|modifie|modifiee|actualise|actualisee|"
                       r"posted|published|updated)\b")
READING = re.compile(r"^((temps|duree) de lecture|lecture)\s*:?\s*(\d+|moins d'une|moins d’une)\s*"
                     r"(min|mn|minutes?)\.?$|^\d+\s*(min|mn|minutes?)\s*(de lecture|read)?$|^lecture\s+\d+\s*min")
MONTHS = {"janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
          "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12}
DAYS = r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+"
DATE_WORDS = re.compile(r"(\d{1,2})(?:er)?\s+(" + "|".join(MONTHS) + r")\s+(\d{4})(?:\s*(?:a|,)?\s*(\d{1,2})\s*"
                        r"(?:h|:)\s*(\d{2})?)?")
DATE_NUMBERS = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s*(?:a|,|-)?\s*(\d{1,2})\s*(?:h|:)\s*(\d{2})?)?")
DATE_LINE = re.compile(r"^(le\s+)?(" + DAYS + r")?(\d{1,2}(er)?\s+(" + "|".join(MONTHS) + r")\s+\d{4}|"
                       r"\d{1,2}/\d{1,2}/\d{4})(\s*(a|,|-)?\s*\d{1,2}\s*(h|:)\s*(\d{2})?)?$")
RELATIVE = re.compile(r"il y a\s+(\d+|un|une)\s+(minutes?|min|heures?|h|jours?)")
AUTHOR = re.compile(r"^(par|by)\s+(.{2,200})$", re.I)
AUTHOR_END = re.compile(r"\s*(,|\s[-–—|]\s|\(|\bpublié|\bmis à jour|\ble \d|\bil y a\b).*$", re.I)
BREADCRUMB_SEPARATORS = re.compile(r"\s*[›>»/|→]\s*")
SENTENCE_END = (".", "…", ":", ";", ",")
PROSE_END = (".", "!", "?", "»", "”", '"', ")")


@dataclass(frozen=True)
class Verdict:
    """What a line is: kind is "content" for the article's own text, else why it goes or what it gives."""

    kind: str
    value: object = None


def key(text: str) -> str:
    """The line as compared: folded, without the punctuation that decorates labels."""
    return fold(text).strip(" \u00a0:.-–—|>›»«•*#")


def word_count(text: str) -> int:
    return len(text.split())


def is_capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(line.split()) <= 6 \
        and not line.endswith((".", "?", "!"))


def is_intertitle(line: str) -> bool:
    """In plain text: a short line standing alone that does not end a sentence (a question can be one)."""
    return len(line) <= 110 and len(line.split()) <= 14 and not line.endswith(SENTENCE_END)


def is_prose(text: str) -> bool:
    """A paragraph of the article: a sentence of some length, not a teaser cut short with « … »."""
    stripped = text.rstrip()
    if stripped.endswith(("…", "...", "[…]")):
        return False
    words = word_count(stripped)
    return words >= 25 or (words >= 12 and stripped.endswith(PROSE_END))


def is_menu_item(text: str) -> bool:
    return word_count(text) <= 3 and len(text) <= 25 and not text.rstrip().endswith((*SENTENCE_END, "?", "!", "»"))


def headline_like(text: str) -> bool:
    """A teaser's title rather than an intertitle: « Mali : … », « Tribune : … », quoted, or cut with « … »."""
    words = text.split()
    return text.rstrip().endswith(("…", "...")) or (":" in words[:4]) or any(w.endswith(":") for w in words[:3]) \
        or (text.startswith("«") and text.rstrip().endswith("»"))


def teaser_heading(text: str) -> str | None:
    """"alone" for a teaser heading on its own line, "inline" for a heading followed by its teaser."""
    folded = key(text)
    if folded in TEASER_HEADINGS:
        return "alone"
    if word_count(text) <= 30:
        for heading in TEASER_HEADINGS:
            if len(heading) > 6 and folded.startswith(heading) and len(folded) > len(heading) + 2:
                return "inline"
    return None


def tag_label(text: str) -> list[str] | None:
    """The tags of a « Mots-clés : a, b, c » line ([] for the label alone), or None."""
    folded = fold(text).strip()
    for label in TAG_LABELS:
        if folded.startswith(label):
            rest = text[len(label):].lstrip(" \u00a0")
            if rest and not rest.startswith((":", "\u00a0:")) and folded != label:
                if folded[len(label):len(label) + 1].isalpha():
                    return None
            rest = rest.lstrip(" \u00a0:").strip()
            return [t.strip(" .#") for t in re.split(r"\s*[,;·|/]\s*|\s+-\s+", rest) if t.strip(" .#")]
    return None


def rubrique_label(text: str) -> str | None:
    folded = fold(text)
    for label in RUBRIQUE_LABELS:
        if re.match(label + r"\s*:", folded):
            value = text.split(":", 1)[1].strip(" \u00a0.")
            return value if 0 < word_count(value) <= 5 else None
    return None


def breadcrumb(text: str) -> list[str] | None:
    """« Accueil › Politique › Sahel »: the crumbs, or None."""
    if "«" in text:
        return None
    parts = [p.strip() for p in BREADCRUMB_SEPARATORS.split(text) if p.strip()]
    if len(parts) < 2 or any(word_count(p) > 6 for p in parts) or text.rstrip().endswith(PROSE_END):
        return None
    if key(parts[0]) in ("accueil", "home") or (len(parts) >= 3 and all(word_count(p) <= 3 for p in parts)):
        return parts
    return None


def author_of(text: str) -> str | None:
    """« Par Aïssata Coulibaly, envoyée spéciale à Ménaka » → « Aïssata Coulibaly »."""
    match = AUTHOR.match(text.strip())
    if not match or text.rstrip().endswith(".") and word_count(text) > 8:
        return None
    name = AUTHOR_END.sub("", match.group(2)).strip()
    if not name or not name[0].isupper() or word_count(name) > 8:
        return None
    return name


def parse_date(text: str, now: datetime | None = None) -> datetime | None:
    """A publication date written on the page: « 24 novembre 2026 à 08h30 », « 24/11/2026 », « il y a 3 heures »."""
    folded = fold(text)
    match = DATE_WORDS.search(folded)
    numbers = None if match else DATE_NUMBERS.search(folded)
    try:
        if match:
            day, month, year = int(match.group(1)), MONTHS[match.group(2)], int(match.group(3))
            hour, minute = int(match.group(4) or 0), int(match.group(5) or 0)
            return datetime(year, month, day, hour, minute)  # naive, as stored: the page's own clock
        if numbers:
            day, month, year = int(numbers.group(1)), int(numbers.group(2)), int(numbers.group(3))
            hour, minute = int(numbers.group(4) or 0), int(numbers.group(5) or 0)
            return datetime(year, month, day, hour, minute)
    except ValueError:
        return None
    relative = RELATIVE.search(folded)
    if relative:
        count = 1 if relative.group(1) in ("un", "une") else int(relative.group(1))
        unit = relative.group(2)
        delta = (timedelta(minutes=count) if unit.startswith("min") else
                 timedelta(days=count) if unit.startswith("jour") else timedelta(hours=count))
        return ((now or utcnow()) - delta).replace(second=0, microsecond=0)
    return None


def judge(text: str) -> Verdict:
    """What one line of a page is, on its own (its neighbours are the caller's business)."""
    folded = key(text)
    words = word_count(text)
    heading = teaser_heading(text)
    if heading:
        return Verdict("teaser-heading" if heading == "alone" else "teaser")
    tags = tag_label(text)
    if tags is not None:
        return Verdict("tags", tags)
    rubrique = rubrique_label(text)
    if rubrique:
        return Verdict("rubrique", rubrique)
    if AGE.match(folded):
        return Verdict("age")
    if words <= 20 and PUBLISHED.match(folded):
        return Verdict("date", parse_date(text))
    if DATE_LINE.match(folded):
        return Verdict("date", parse_date(text))
    if READING.match(folded):
        return Verdict("reading-time")
    author = author_of(text)
    if author:
        return Verdict("author", author)
    if folded in SOCIAL or (words <= 10 and (folded.startswith("partag") or all(
            w.strip(",:") in SOCIAL for w in folded.split()))):
        return Verdict("share")
    if folded in NAV_WORDS:
        return Verdict("navigation")
    if words <= 30 and ("newsletter" in folded or folded.startswith(SIGNUP_STARTS)):
        return Verdict("newsletter")
    if words <= 15 and any(mark in folded for mark in FOOTER_MARKS) and not is_prose(text):
        return Verdict("credit" if not folded.startswith(("©", "(c)")) and words > 4 else "footer")
    if words <= 25 and folded.startswith(CREDIT_STARTS):
        return Verdict("credit")
    crumbs = breadcrumb(text)
    if crumbs:
        return Verdict("breadcrumb", crumbs)
    if is_capitals(text):
        return Verdict("capitals")
    return Verdict("content")
