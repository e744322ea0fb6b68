"""French demo content written for Composer: a month of a West-African politics and security magazine."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from composer import library, revisions
from composer.extensions import db
from composer.issues import newsletters
from composer.models import Article, Issue, IssueItem
from composer.text import french_typography as typo

DEMO_ISSUE_TITLE = "Démo — La lettre du jeudi"
SITE = "https://example.org"


# (kind, section, title, lead, intertitle, paragraph, author, tags, days_ago, slug)
ARTICLES: list[tuple[str, str, str, str, str, str, str, str, int, str]] = [
    ("article", "Sécurité", "Revers majeur pour l'armée malienne dans la région de Kidal",
     "Une colonne des Forces armées maliennes est tombée dans une embuscade à une centaine de kilomètres de Kidal. Le bilan reste incertain.",
     "Ce que l'on sait de l'embuscade", "Selon des sources locales, l'attaque a duré plus de trois heures et visait un convoi logistique escorté par des supplétifs russes.",
     "Rédaction", "Mali, Kidal, FAMa, Wagner", 1, "revers-majeur-armee-malienne-kidal"),
    ("article", "Politique", "Niger : l'uranium au cœur d'un bras de fer avec Orano",
     "Niamey a retiré le permis d'exploitation du gisement d'Imouraren et accuse le groupe français de lenteur.",
     "Un gisement stratégique", "Le site d'Imouraren, l'un des plus grands gisements d'uranium au monde, n'a jamais été exploité à pleine capacité.",
     "Aminata Diallo", "Niger, uranium, Orano, souveraineté", 2, "niger-uranium-bras-de-fer-orano"),
    ("article", "Politique", "Burkina Faso : le capitaine Traoré prolonge la transition de cinq ans",
     "Les assises nationales ont adopté une nouvelle charte qui repousse les élections à 2029.",
     "Une charte taillée sur mesure ?", "Le texte autorise le président de la transition à se présenter au futur scrutin, une clause vivement critiquée par l'opposition en exil.",
     "Issouf Sawadogo", "Burkina Faso, transition, Ibrahim Traoré, élections", 3, "burkina-traore-prolonge-transition"),
    ("article", "Économie", "Le franc CFA en débat à la BCEAO après la sortie des pays de l'AES",
     "La Banque centrale des États de l'Afrique de l'Ouest étudie les conséquences monétaires du retrait du Mali, du Burkina Faso et du Niger de la Cédéao.",
     "Quelle monnaie pour l'AES ?", "Les trois pays de l'Alliance des États du Sahel évoquent une monnaie commune, sans calendrier précis.",
     "Koffi Mensah", "franc CFA, BCEAO, AES, monnaie", 4, "franc-cfa-debat-bceao-aes"),
    ("article", "Sécurité", "Au Sahel, les drones turcs changent la guerre",
     "Les Bayraktar TB2 acquis par Bamako, Ouagadougou et Niamey ont modifié le rapport de force face aux groupes jihadistes.",
     "Des frappes contestées", "Plusieurs ONG ont documenté des frappes sur des marchés et des cérémonies, faisant des dizaines de victimes civiles.",
     "Rédaction", "Sahel, drones, Turquie, Mali, Burkina Faso", 5, "sahel-drones-turcs-changent-la-guerre"),
    ("article", "Politique", "Sénégal : Ousmane Sonko face à l'Assemblée pour sa déclaration de politique générale",
     "Le Premier ministre a présenté sa feuille de route, centrée sur la renégociation des contrats pétroliers et gaziers.",
     "La dette au centre des débats", "L'audit des finances publiques a révélé une dette bien supérieure aux chiffres officiels, selon le gouvernement.",
     "Fatou Ndiaye", "Sénégal, Ousmane Sonko, dette, pétrole", 6, "senegal-sonko-declaration-politique-generale"),
    ("article", "Sécurité", "Bénin : le nord sous pression après une attaque meurtrière près du parc W",
     "Une vingtaine de soldats béninois ont été tués dans l'attaque d'un poste militaire revendiquée par le JNIM.",
     "La menace descend vers le golfe de Guinée", "Les pays côtiers, du Bénin au Togo, redoutent une contagion durable des violences sahéliennes.",
     "Rédaction", "Bénin, JNIM, parc W, golfe de Guinée", 7, "benin-nord-attaque-parc-w"),
    ("article", "Économie", "Côte d'Ivoire : le cacao à prix record, les planteurs attendent leur part",
     "Le prix garanti aux producteurs a été relevé, mais reste loin des cours mondiaux.",
     "Une filière sous tension", "La contrebande vers les pays voisins, où les prix sont plus élevés, prive la filière ivoirienne de milliers de tonnes.",
     "Koffi Mensah", "Côte d'Ivoire, cacao, agriculture", 8, "cote-ivoire-cacao-prix-record"),
    ("article", "Société", "À Bamako, les coupures d'électricité épuisent les commerçants",
     "Jusqu'à vingt heures de délestage par jour : les petits métiers de la capitale malienne sont à bout.",
     "Le solaire en recours", "Faute de réseau fiable, panneaux solaires et batteries se vendent comme jamais sur les marchés de la ville.",
     "Aïssata Coulibaly", "Mali, Bamako, électricité, énergie", 9, "bamako-coupures-electricite-commercants"),
    ("article", "Politique", "Guinée : le référendum constitutionnel ouvre la voie à une candidature de Doumbouya",
     "La nouvelle Constitution, adoptée à une large majorité, ne ferme pas la porte aux membres de la junte.",
     "Une opposition affaiblie", "Plusieurs partis ont appelé au boycott, dénonçant un processus verrouillé.",
     "Mamadou Bah", "Guinée, Mamadi Doumbouya, référendum, Constitution", 10, "guinee-referendum-doumbouya"),
    ("article", "Sécurité", "Mali : les mercenaires de Wagner remplacés par l'Africa Corps",
     "Le groupe paramilitaire russe a annoncé son départ du Mali, aussitôt relayé par une structure placée sous la tutelle du ministère russe de la Défense.",
     "Un changement de façade ?", "Pour les spécialistes, la présence russe se poursuit sous une autre bannière, avec les mêmes hommes sur le terrain.",
     "Rédaction", "Mali, Wagner, Africa Corps, Russie", 11, "mali-wagner-remplace-africa-corps"),
    ("article", "Économie", "Le Niger relance ses exportations de pétrole via le pipeline vers le Bénin",
     "Après des mois de blocage, le brut nigérien transite de nouveau vers le port de Sèmè.",
     "Une réconciliation intéressée", "Niamey et Cotonou ont dû mettre de côté leurs différends politiques pour sauver un projet vital pour leurs finances.",
     "Aminata Diallo", "Niger, Bénin, pétrole, pipeline", 12, "niger-petrole-pipeline-benin"),
    ("article", "Société", "Au Burkina Faso, plus de deux millions de déplacés internes",
     "Les camps de Kaya et de Djibo débordent, et l'aide humanitaire peine à atteindre les zones sous blocus.",
     "Des villes assiégées", "Djibo vit sous blocus jihadiste depuis plus de deux ans ; les convois de ravitaillement y sont régulièrement attaqués.",
     "Issouf Sawadogo", "Burkina Faso, déplacés, humanitaire, Djibo", 13, "burkina-deux-millions-deplaces"),
    ("article", "Politique", "Togo : la réforme constitutionnelle fait basculer le pays dans un régime parlementaire",
     "Faure Gnassingbé devient président du Conseil des ministres, un poste sans limite de mandats.",
     "L'opposition dénonce un « coup d'État constitutionnel »", "Les manifestations ont été interdites à Lomé et plusieurs opposants ont été interpellés.",
     "Rédaction", "Togo, Faure Gnassingbé, Constitution", 14, "togo-reforme-constitutionnelle-regime-parlementaire"),
    ("article", "Sécurité", "Le JNIM revendique le blocus de plusieurs villes du centre du Mali",
     "Le groupe affilié à Al-Qaïda impose un embargo sur le carburant et les marchandises dans la région de Ségou.",
     "L'économie de guerre", "Les taxes imposées aux transporteurs financent désormais une part croissante des opérations du groupe.",
     "Rédaction", "Mali, JNIM, Ségou, blocus", 15, "jnim-blocus-centre-mali"),
    ("article", "Économie", "Ghana : l'or, bouée de sauvetage d'une économie convalescente",
     "Les réserves d'or de la Banque du Ghana ont triplé en deux ans, soutenant le cedi.",
     "L'orpaillage illégal en accusation", "Le « galamsey » pollue les rivières et menace les terres agricoles, au grand dam des communautés.",
     "Koffi Mensah", "Ghana, or, économie, galamsey", 16, "ghana-or-bouee-de-sauvetage"),
    ("article", "Société", "Dakar : la jeunesse sénégalaise face à l'émigration clandestine",
     "Malgré les naufrages, les pirogues continuent de partir vers les Canaries.",
     "Partir coûte que coûte", "Pêcheurs ruinés, diplômés sans emploi : les candidats au départ racontent le même désespoir.",
     "Fatou Ndiaye", "Sénégal, migration, jeunesse, Canaries", 17, "dakar-jeunesse-emigration-clandestine"),
    ("article", "Politique", "Cédéao : un sommet de crise après le départ de l'AES",
     "Les chefs d'État ouest-africains se sont réunis à Abuja pour tenter d'éviter un éclatement de l'espace régional.",
     "Libre circulation en sursis", "La question des passeports et des droits de douane pour les ressortissants de l'AES reste en suspens.",
     "Mamadou Bah", "Cédéao, AES, Abuja, intégration régionale", 18, "cedeao-sommet-crise-aes"),
    ("article", "Sécurité", "Nigeria : Boko Haram et l'ISWAP se disputent le lac Tchad",
     "Les affrontements entre factions jihadistes ont fait des centaines de morts dans les îles du lac.",
     "Une armée nigériane débordée", "Les bases avancées de l'armée sont régulièrement attaquées dans l'État de Borno.",
     "Rédaction", "Nigeria, Boko Haram, ISWAP, lac Tchad", 19, "nigeria-boko-haram-iswap-lac-tchad"),
    ("article", "Économie", "La Mauritanie entre dans le club des producteurs de gaz",
     "Le projet Grand Tortue Ahmeyim, partagé avec le Sénégal, a livré sa première cargaison de GNL.",
     "Une manne à partager", "Nouakchott promet d'investir les revenus gaziers dans l'éducation et les infrastructures.",
     "Aminata Diallo", "Mauritanie, Sénégal, gaz, GNL", 20, "mauritanie-producteurs-de-gaz"),
    ("article", "Société", "Au Niger, les écoles rouvrent timidement dans la région de Tillabéri",
     "Plus de huit cents établissements restent fermés à cause de l'insécurité.",
     "Une génération sacrifiée ?", "Les enseignants volontaires bravent les menaces pour maintenir quelques classes ouvertes.",
     "Aïssata Coulibaly", "Niger, Tillabéri, éducation", 21, "niger-ecoles-rouvrent-tillaberi"),
    ("article", "Politique", "Côte d'Ivoire : Alassane Ouattara et la question du quatrième mandat",
     "À l'approche de la présidentielle, le chef de l'État entretient le suspense sur sa candidature.",
     "Les héritiers dans l'attente", "Au sein du RHDP, plusieurs personnalités se préparent discrètement à la succession.",
     "Rédaction", "Côte d'Ivoire, Alassane Ouattara, présidentielle", 22, "cote-ivoire-ouattara-quatrieme-mandat"),
    ("article", "Sécurité", "Tchad : Mahamat Idriss Déby rompt l'accord de défense avec la France",
     "N'Djamena met fin à plus de soixante ans de coopération militaire et demande le départ des soldats français.",
     "La fin d'une époque", "Le Tchad était le dernier point d'appui majeur de l'armée française au Sahel.",
     "Mamadou Bah", "Tchad, France, coopération militaire", 23, "tchad-rupture-accord-defense-france"),
    ("article", "Économie", "Mali : la nouvelle loi minière bouscule les géants de l'or",
     "Bamako impose une hausse de sa participation dans les mines et réclame des arriérés fiscaux à Barrick Gold.",
     "Des lingots saisis", "Le gouvernement a fait saisir des tonnes d'or sur le site de Loulo-Gounkoto, paralysant la production.",
     "Koffi Mensah", "Mali, or, Barrick, code minier", 24, "mali-loi-miniere-geants-or"),
    ("opinion", "Opinions", "Tribune : « Le franc CFA n'est plus un tabou »",
     "Pour l'économiste Moussa Ouédraogo, la sortie de la zone franc doit être préparée, pas improvisée.",
     "Préparer plutôt que subir", "Une monnaie se gère sur des décennies ; les slogans ne remplacent pas une banque centrale crédible.",
     "Moussa Ouédraogo", "franc CFA, souveraineté, monnaie", 2, "tribune-franc-cfa-plus-un-tabou"),
    ("opinion", "Opinions", "« Au Sahel, la sécurité ne se décrète pas depuis les capitales »",
     "Le chercheur Boubacar Keïta plaide pour une réponse qui associe les communautés locales.",
     "Écouter les villages", "Les milices d'autodéfense ont souvent aggravé les violences intercommunautaires au lieu de les contenir.",
     "Boubacar Keïta", "Sahel, sécurité, communautés, milices", 4, "tribune-securite-sahel-communautes"),
    ("opinion", "Opinions", "Éditorial : la liberté de la presse, première victime des transitions",
     "Médias suspendus, journalistes expulsés ou enlevés : le silence s'installe dans l'espace sahélien.",
     "Informer malgré tout", "Notre rédaction continuera de publier, parce que les lecteurs ont le droit de savoir ce qui se passe chez eux.",
     "La rédaction", "liberté de la presse, Mali, Burkina Faso, Niger, journalisme", 6, "editorial-liberte-presse-transitions"),
    ("opinion", "Opinions", "Point de vue : l'AES, une souveraineté en trompe-l'œil ?",
     "Pour la politologue Clarisse Zongo, la rupture avec la Cédéao expose surtout les populations.",
     "Des frontières qui se ferment", "Les commerçants transfrontaliers sont les premiers à payer le prix des nouvelles barrières.",
     "Clarisse Zongo", "AES, Cédéao, souveraineté", 9, "point-de-vue-aes-souverainete-trompe-oeil"),
    ("opinion", "Opinions", "Tribune : « Sénégal, la rupture promise doit passer par la justice »",
     "L'avocat Cheikh Sy estime que la reddition des comptes ne doit pas tourner au règlement de comptes.",
     "L'État de droit d'abord", "Les poursuites contre d'anciens ministres devront respecter scrupuleusement les droits de la défense.",
     "Cheikh Sy", "Sénégal, justice, reddition des comptes", 12, "tribune-senegal-rupture-justice"),
    ("opinion", "Opinions", "Chronique : ce que la Russie cherche vraiment en Afrique de l'Ouest",
     "Or, influence et votes à l'ONU : notre chroniqueur décrypte la stratégie de Moscou.",
     "Une présence à bas coût", "Pour quelques centaines d'hommes, Moscou obtient des concessions minières et des alliés diplomatiques.",
     "Jean-Baptiste Kaboré", "Russie, Wagner, Africa Corps, Mali, diplomatie", 15, "chronique-russie-afrique-ouest"),
    ("opinion", "Opinions", "Tribune : « L'école est le premier front contre le jihadisme »",
     "Pour l'enseignante Mariam Traoré, chaque école fermée est une victoire pour les groupes armés.",
     "Rouvrir, protéger, payer", "Les enseignants des zones rouges doivent être mieux protégés et mieux rémunérés.",
     "Mariam Traoré", "éducation, jihadisme, Burkina Faso, Niger", 18, "tribune-ecole-premier-front-jihadisme"),
    ("opinion", "Opinions", "Éditorial : le Bénin ne doit pas devenir le nouveau front",
     "Face à la poussée jihadiste au nord, Cotonou doit miser sur la coopération régionale.",
     "Sortir de l'isolement", "La brouille avec Niamey affaiblit la surveillance d'une frontière poreuse.",
     "La rédaction", "Bénin, JNIM, sécurité, Niger", 20, "editorial-benin-nouveau-front"),
]


# What the demo's (imaginary) pictures show, by rubrique: an alt text describes the image, never repeats the
# headline beside it (screen readers would read it twice; « Avant l’envoi » says so).
PICTURES = {
    "Politique": "Des délégués assis en rang dans une salle de conférence, micros sur les tables",
    "Sécurité": "Un pick-up militaire sur une piste de latérite, soldats à l’arrière",
    "Économie": "Un marché couvert : étals de céréales et de tissus, acheteurs entre les allées",
    "Société": "Une salle de classe aux bancs vides, tableau noir au fond",
    "Opinions": "Portrait de l’auteur, en buste, sur fond clair",
}


def _body(intertitle: str, paragraph: str, lead: str) -> str:
    return (
        f"<p>{typo(lead)}</p>\n<h2>{typo(intertitle)}</h2>\n<p>{typo(paragraph)}</p>\n"
        f"<p>{typo('Notre correspondant a pu recueillir plusieurs témoignages : tous décrivent une situation qui évolue de jour en jour.')}</p>"
    )


def seed(today: date | None = None) -> tuple[int, bool]:
    """Add what is missing of the demo content; returns (articles added, demo issue added)."""
    base = datetime.combine(today or date(2026, 11, 24), datetime.min.time()).replace(hour=7)
    added = 0
    by_slug: dict[str, Article] = {}
    for kind, section, title, lead, intertitle, paragraph, author, tags, days_ago, slug in ARTICLES:
        url = f"{SITE}/{section.lower().replace('é', 'e')}/{slug}"
        article = db.session.scalar(select(Article).where(Article.canonical_url == url)
                                    .execution_options(include_trashed=True))
        if article is None:
            article = library.create_article(library.ArticleData(
                title=typo(title), kind=kind, lead=typo(lead), body=_body(intertitle, paragraph, lead),
                author=author, section=section, tags=tags.split(","), canonical_url=url,
                image_url=f"https://images.example.org/{slug}.jpg",
                image_alt=PICTURES.get(section, PICTURES["Politique"]),
                published_at=base - timedelta(days=days_ago, hours=days_ago % 5),
            ))
            added += 1
        by_slug[slug] = article
    # The demo's pictures are imaginary (images.example.org): give them the size a newsroom's photos have,
    # as if measured, so the demo email shows its images in proportion (a plain UPDATE: no new version).
    db.session.execute(update(Article).where(Article.image_url.like("https://images.example.org/%"),
                                             Article.image_width.is_(None))
                       .values(image_width=1200, image_height=675))
    if db.session.scalar(select(Issue).where(Issue.title == DEMO_ISSUE_TITLE)
                         .execution_options(include_trashed=True)) is not None:
        return added, False
    issue = Issue(
        newsletter=newsletters.default_newsletter(),
        title=DEMO_ISSUE_TITLE,
        subject=typo("Sahel : la semaine où tout a basculé"),
        preheader=typo("Kidal, l'uranium nigérien, le franc CFA : l'essentiel de la semaine en cinq minutes."),
        intro=f"<p>{typo('Bonjour, voici l’essentiel de la semaine : une armée malienne en difficulté, un bras de fer minier au Niger et le retour du débat sur le franc CFA.')}</p>",
        issue_date=(today or date(2026, 11, 24)) + timedelta(days=2),
        language="fr",
    )
    plan = [
        ("lead", "revers-majeur-armee-malienne-kidal"),
        ("news", "niger-uranium-bras-de-fer-orano"),
        ("news", "burkina-traore-prolonge-transition"),
        ("news", "franc-cfa-debat-bceao-aes"),
        ("opinions", "tribune-franc-cfa-plus-un-tabou"),
        ("opinions", "tribune-securite-sahel-communautes"),
        ("related", "mali-wagner-remplace-africa-corps"),
        ("related", "jnim-blocus-centre-mali"),
    ]
    for section, slug in plan:
        position = sum(1 for item in issue.items if item.section == section)
        issue.items.append(IssueItem(article=by_slug[slug], section=section, position=position))
    db.session.add(issue)
    revisions.record_issue(issue, None, "created")
    db.session.commit()
    return added, True
