"""Developer tool: write the French translations below into composer/translations/fr (run after extract)."""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from composer.text import french_typography

FR: dict[str | tuple[str, str], str | tuple[str, str]] = {
    "Invalid email address: %(reason)s": "Adresse e-mail invalide : %(reason)s",
    "Unknown role %(role)s; choose editor or admin.": "Rôle inconnu %(role)s ; choisissez editor ou admin.",
    "The password needs at least %(n)s characters.": "Le mot de passe doit compter au moins %(n)s caractères.",
    "A user with the email %(email)s already exists.": "Un utilisateur avec l’adresse %(email)s existe déjà.",
    "This is the last administrator; make someone else admin first.":
        "C’est le dernier administrateur ; nommez d’abord quelqu’un d’autre administrateur.",
    "There is no issue #%(id)s.": "Il n’y a pas de numéro n° %(id)s.",
    "This issue is %(status)s: only drafts can be changed. Put it back to draft or duplicate it.":
        "Ce numéro est %(status)s : seuls les brouillons se modifient. Repassez-le en brouillon ou dupliquez-le.",
    "Someone else changed this issue while you were working (version %(theirs)s, yours was %(yours)s). "
    "Nothing was saved; your input is kept below.":
        "Quelqu’un d’autre a modifié ce numéro pendant que vous travailliez (version %(theirs)s, la vôtre était "
        "la %(yours)s). Rien n’a été enregistré ; votre saisie est conservée ci-dessous.",
    "a draft": "un brouillon",
    "ready": "prêt",
    "sent": "envoyé",
    "Someone else changed this issue at the same moment. Nothing was saved.":
        "Quelqu’un d’autre a modifié ce numéro au même moment. Rien n’a été enregistré.",
    "An internal title is required.": "Un titre interne est obligatoire.",
    "Language must be one of: %(languages)s.": "La langue doit être l’une de : %(languages)s.",
    "The issue has errors.": "Le numéro contient des erreurs.",
    "This item is no longer in the issue.": "Cet élément ne fait plus partie du numéro.",
    "Unknown section %(section)s.": "Section inconnue : %(section)s.",
    "There is no article #%(id)s.": "Il n’y a pas d’article n° %(id)s.",
    "« %(title)s » is already in this issue.": "« %(title)s » figure déjà dans ce numéro.",
    "Unknown status %(status)s.": "Statut inconnu : %(status)s.",
    "A sent issue is frozen: duplicate it to make a new draft.":
        "Un numéro envoyé est figé : dupliquez-le pour en faire un nouveau brouillon.",
    "Someone else changed this issue meanwhile; reload it and try again.":
        "Quelqu’un d’autre a modifié ce numéro entre-temps ; rechargez la page et réessayez.",
    "Copy of %(title)s": "Copie de %(title)s",
    "Email": "E-mail",
    "Password": "Mot de passe",
    "Article": "Article",
    "Opinion": "Opinion",
    "Kind": "Type",
    "Title": "Titre",
    "Lead (chapô)": "Chapô",
    "Body (HTML: paragraphs, intertitles, links)": "Corps (HTML : paragraphes, intertitres, liens)",
    "Author": "Auteur",
    "Rubrique": "Rubrique",
    "Tags (comma-separated)": "Mots-clés (séparés par des virgules)",
    "Canonical URL": "URL canonique",
    "Image URL": "URL de l’image",
    "Image alt text": "Texte alternatif de l’image",
    "Published": "Publié le",
    "Language": "Langue",
    "Name": "Nom",
    "Role": "Rôle",
    "Editor": "Éditeur",
    "Administrator": "Administrateur",
    "Internal title": "Titre interne",
    "Issue date": "Date du numéro",
    "Language of the email": "Langue de la lettre",
    "Subject": "Objet",
    "Preheader": "Pré-en-tête",
    "Intro": "Introduction",
    "Title in this issue": "Titre dans ce numéro",
    "Teaser in this issue": "Accroche dans ce numéro",
    "Image URL in this issue": "URL de l’image dans ce numéro",
    "Interface language": "Langue de l’interface",
    "Browser default": "Celle du navigateur",
    "A title is required.": "Le titre est obligatoire.",
    "Kind must be one of: %(kinds)s.": "Le type doit être l’un de : %(kinds)s.",
    "The URL must start with http:// or https://.": "L’URL doit commencer par http:// ou https://.",
    "The image URL must start with http:// or https://.": "L’URL de l’image doit commencer par http:// ou https://.",
    "Another article (#%(id)s) already has this URL.": "Un autre article (#%(id)s) a déjà cette URL.",
    "The article has errors.": "L’article contient des erreurs.",
    "Someone else saved this article while you were editing it.":
        "Quelqu’un d’autre a enregistré cet article pendant que vous le modifiiez.",
    "This article is used in %(count)s issue(s); remove it from them first.":
        "Cet article figure dans %(count)s numéro(s) ; retirez-l’en d’abord.",
    "Wrong email or password.": "E-mail ou mot de passe incorrect.",
    "You are logged out.": "Vous êtes déconnecté·e.",
    "Your settings are saved.": "Vos réglages sont enregistrés.",
    "Issue created. Add stories from the library on the left.":
        "Numéro créé. Ajoutez des articles depuis la bibliothèque, à gauche.",
    "Saved at %(time)s.": "Enregistré à %(time)s.",
    "The form was incomplete: %(errors)s": "Le formulaire était incomplet : %(errors)s",
    "Back to the library's title, teaser and image.": "Retour au titre, à l’accroche et à l’image de la bibliothèque.",
    "The issue is now %(status)s.": "Le numéro est maintenant %(status)s.",
    "A new draft was made from « %(title)s ».": "Un nouveau brouillon a été créé à partir de « %(title)s ».",
    "Unknown profile %(profile)s; choose one of: %(profiles)s.":
        "Profil inconnu %(profile)s ; choisissez parmi : %(profiles)s.",
    "Unknown format %(format)s; choose one of: %(formats)s.":
        "Format inconnu %(format)s ; choisissez parmi : %(formats)s.",
    "The date %(value)s is not a valid date (YYYY-MM-DD).": "La date %(value)s n’est pas valide (AAAA-MM-JJ).",
    "Article saved.": "Article enregistré.",
    "Article « %(title)s » deleted.": "Article « %(title)s » supprimé.",
    "Only administrators can manage users.": "Seuls les administrateurs gèrent les utilisateurs.",
    "User %(email)s created.": "Utilisateur %(email)s créé.",
    "Role of %(email)s is now %(role)s.": "Le rôle de %(email)s est maintenant %(role)s.",
    "Skip to content": "Aller au contenu",
    "Main": "Navigation principale",
    "Library": "Bibliothèque",
    "Issues": "Numéros",
    "Users": "Utilisateurs",
    "Log out": "Se déconnecter",
    "Bad request": "Requête invalide",
    "Not allowed": "Accès refusé",
    "Not found": "Introuvable",
    "Method not allowed": "Méthode non autorisée",
    "Conflict": "Conflit",
    "Too large": "Trop volumineux",
    "Invalid input": "Saisie invalide",
    "Error": "Erreur",
    "Back to the library": "Retour à la bibliothèque",
    "My account": "Mon compte",
    "Save": "Enregistrer",
    "Log in": "Se connecter",
    "Log in to Composer": "Connexion à Composer",
    "Preview": "Prévisualiser",
    "Export": "Exporter",
    "This issue is ready to send, so it is read-only. Put it back to draft to change it.":
        "Ce numéro est prêt à partir : il est en lecture seule. Repassez-le en brouillon pour le modifier.",
    "This issue was sent on %(date)s. It is frozen: what readers received never changes. "
    "Duplicate it to start a new draft.":
        "Ce numéro a été envoyé le %(date)s. Il est figé : ce que les lecteurs ont reçu ne change plus. "
        "Dupliquez-le pour commencer un nouveau brouillon.",
    "Back to draft": "Repasser en brouillon",
    "Mark ready": "Marquer prêt",
    "Mark as sent": "Marquer envoyé",
    "Mark as sent? The issue will be frozen for good.": "Marquer comme envoyé ? Le numéro sera figé définitivement.",
    "Duplicate as new draft": "Dupliquer en nouveau brouillon",
    "Issue details": "Détails du numéro",
    "%(n)s characters — aim for 60 or fewer so it is not cut in the inbox.":
        "%(n)s caractères — visez 60 au plus pour ne pas être coupé dans la boîte de réception.",
    "%(n)s characters — 40 to 130 shows well next to the subject.":
        "%(n)s caractères — de 40 à 130, il s’affiche bien à côté de l’objet.",
    "What is saved now": "Ce qui est enregistré maintenant",
    "Last saved at %(time)s": "Enregistré à %(time)s",
    "Search the library": "Rechercher dans la bibliothèque",
    "Search… (accents optional)": "Rechercher… (sans accents, c’est pareil)",
    "Search": "Rechercher",
    "Already in this issue": "Déjà dans ce numéro",
    "No article matches.": "Aucun article ne correspond.",
    "Contents of the issue": "Contenu du numéro",
    "Drag an item by its handle, or focus it and press Alt+↑ / Alt+↓ to move it.":
        "Faites glisser un élément par sa poignée, ou sélectionnez-le et appuyez sur Alt+↑ / Alt+↓ pour le déplacer.",
    "edited for this issue": "retouché pour ce numéro",
    "Edit for this issue": "Retoucher pour ce numéro",
    "Move up": "Monter",
    "Move down": "Descendre",
    "Section": "Section",
    "Move": "Déplacer",
    "Remove": "Retirer",
    "Leave a field empty to use the library's version.": "Laissez un champ vide pour reprendre la version de la bibliothèque.",
    "Save for this issue": "Enregistrer pour ce numéro",
    "Back to the library version": "Revenir à la bibliothèque",
    "Close": "Fermer",
    "Nothing here yet.": "Rien pour l’instant.",
    "Live preview": "Aperçu en direct",
    "Email preview": "Aperçu de la lettre",
    "Back to the issue": "Retour au numéro",
    "Mailing service": "Service d’envoi",
    "Choose": "Choisir",
    "Download HTML": "Télécharger le HTML",
    "Download plain text": "Télécharger le texte brut",
    "Download .eml": "Télécharger le .eml",
    "Copied": "Copié",
    "Copy the HTML": "Copier le HTML",
    "HTML of the email (select all and copy)": "HTML de la lettre (tout sélectionner puis copier)",
    "New issue": "Nouveau numéro",
    "No issue yet. Create the first one, then add stories from the library.":
        "Aucun numéro pour l’instant. Créez le premier, puis ajoutez des articles de la bibliothèque.",
    "Status": "Statut",
    "Date": "Date",
    "Items": "Éléments",
    "Last edited by": "Dernière modification par",
    "Actions": "Actions",
    "Duplicate": "Dupliquer",
    "Create": "Créer",
    "Cancel": "Annuler",
    "Preview mode": "Mode d’aperçu",
    "Desktop": "Ordinateur",
    "Mobile (375 px)": "Mobile (375 px)",
    "Plain text": "Texte brut",
    "Profile": "Profil",
    "Show": "Afficher",
    "Delete article": "Supprimer l’article",
    "Delete this article?": "Supprimer cet article ?",
    "It will be removed from the library. Issues that use it keep working only if you remove it from them first.":
        "Il sera retiré de la bibliothèque. Un article utilisé dans un numéro doit d’abord en être retiré.",
    "Yes, delete it": "Oui, le supprimer",
    "Edit article": "Modifier l’article",
    "New article": "Nouvel article",
    "Your text is kept in the form. The version saved meanwhile is shown below; save again to replace it with "
    "yours.":
        "Votre texte est conservé dans le formulaire. La version enregistrée entre-temps est affichée ci-dessous ; "
        "enregistrez à nouveau pour la remplacer par la vôtre.",
    "Their version": "Leur version",
    "Please correct the fields marked below; nothing you typed was lost.":
        "Corrigez les champs signalés ci-dessous ; rien de ce que vous avez saisi n’est perdu.",
    "Allowed: paragraphs, intertitles (h2, h3), bold, italics, links, lists, quotes. Anything else is removed on save.":
        "Autorisés : paragraphes, intertitres (h2, h3), gras, italique, liens, listes, citations. "
        "Le reste est retiré à l’enregistrement.",
    "All": "Tous",
    "Tag": "Mot-clé",
    "From": "Du",
    "To": "Au",
    "Filter": "Filtrer",
    "No article matches this search.": "Aucun article ne correspond à cette recherche.",
    "Show all articles": "Afficher tous les articles",
    "The library is empty. Add your first article, or run the demo content with flask --app app seed-demo.":
        "La bibliothèque est vide. Ajoutez votre premier article, ou chargez le contenu de démonstration avec "
        "flask --app app seed-demo.",
    ("%(num)d article", "%(num)d articles"): ("%(num)d article", "%(num)d articles"),
    "Pages": "Pages",
    "Previous": "Précédente",
    "Page %(page)s of %(pages)s": "Page %(page)s sur %(pages)s",
    "Next": "Suivante",
    "Edit": "Modifier",
    "Delete…": "Supprimer…",
    "Role of %(email)s": "Rôle de %(email)s",
    "Change": "Changer",
    "Add a user": "Ajouter un utilisateur",
    "Create user": "Créer l’utilisateur",
    "Top story": "À la une",
    "News": "Actualités",
    "Opinions": "Opinions",
    "Related": "Du même sujet",
    "Draft": "Brouillon",
    "Ready": "Prêt",
    "Sent": "Envoyé",
    "Size: %(kb)s KB / 102": "Taille : %(kb)s Ko / 102",
    "Gmail will clip this message": "Gmail coupera ce message",
    "close to Gmail's limit": "proche de la limite de Gmail",
    "Publication name": "Nom de la publication",
    "Logo URL (https, 200 × 50 px)": "URL du logo (https, 200 × 50 px)",
    "Accent colour": "Couleur d’accent",
    "Postal address": "Adresse postale",
    "Footer text": "Texte du pied de page",
    "Sender address": "Adresse d’expédition",
    "Unsubscribe page (generic profile)": "Page de désinscription (profil générique)",
    "View-in-browser page (generic profile)": "Page « voir dans le navigateur » (profil générique)",
    "Website": "Site web",
    "Add UTM parameters to article links": "Ajouter les paramètres UTM aux liens des articles",
    "utm_source": "utm_source",
    "The publication needs a name.": "La publication doit avoir un nom.",
    "A postal address is required in the footer by anti-spam laws.":
        "Une adresse postale est obligatoire dans le pied de page (lois anti-spam).",
    "Use a six-digit colour such as #b3261e.": "Indiquez une couleur à six chiffres, par exemple #b3261e.",
    "White text on this colour is hard to read (contrast %(ratio).1f:1, 4.5:1 needed). Choose a darker colour.":
        "Le texte blanc est difficile à lire sur cette couleur (contraste %(ratio).1f:1, il faut 4.5:1). "
        "Choisissez une couleur plus foncée.",
    "Use an absolute https:// address.": "Indiquez une adresse absolue en https://.",
    "An unsubscribe address is required.": "Une adresse de désinscription est obligatoire.",
    "The settings have errors.": "Les réglages contiennent des erreurs.",
    "Someone else saved the settings while you were editing them.":
        "Quelqu’un d’autre a enregistré les réglages pendant que vous les modifiiez.",
    "Someone else saved the settings at the same moment. Nothing was saved.":
        "Quelqu’un d’autre a enregistré les réglages au même moment. Rien n’a été enregistré.",
    "Settings saved. The next preview and export use them.":
        "Réglages enregistrés. Les prochains aperçus et exports les utilisent.",
    "Settings": "Réglages",
    "Checks": "Vérifications",
    "Warning": "Attention",
    "No problem found: table layout, inlined CSS, Outlook conditionals, dark mode, preheader, alt texts, "
    "absolute links and unsubscribe link are in place.":
        "Aucun problème : mise en page en tableaux, CSS en ligne, commentaires conditionnels Outlook, mode sombre, "
        "pré-en-tête, textes alternatifs, liens absolus et lien de désinscription sont en place.",
    "The brand of the newsletter: what every preview and export shows in its header and footer.":
        "L’identité de la lettre : ce que chaque aperçu et chaque export affichent en en-tête et en pied de page.",
    "Your changes are kept in the form; save again to replace the version shown below.":
        "Vos modifications sont conservées dans le formulaire ; enregistrez à nouveau pour remplacer la version "
        "affichée ci-dessous.",
    "Publication": "Publication",
    "White button text must stay readable on it.": "Le texte blanc des boutons doit rester lisible dessus.",
    "Required by anti-spam laws in the footer of every email.":
        "Exigée par les lois anti-spam dans le pied de page de chaque lettre.",
    "Links for the generic profile": "Liens du profil générique",
    "Tracking": "Suivi",
    "utm_medium is always email, utm_campaign the issue's slug, utm_content its section.":
        "utm_medium vaut toujours email, utm_campaign le nom court du numéro, utm_content sa section.",
    "Feed or site address": "Adresse du flux ou du site",
    "…or a file (RSS, Atom, WordPress JSON, CSV, JSON, text)": "…ou un fichier (RSS, Atom, JSON WordPress, CSV, JSON, texte)",
    "Format": "Format",
    "Automatic": "Automatique",
    "Text": "Texte",
    "Kind by default": "Type par défaut",
    "Rubrique by default": "Rubrique par défaut",
    "Save this address to run it again later": "Enregistrer cette adresse pour relancer l'import plus tard",
    "Paste the article here, as copied from the web page": "Collez l'article ici, tel que copié depuis la page web",
    "%(line)s: the same link or GUID appears twice in the source": "%(line)s : le même lien ou GUID figure deux fois dans la source",
    "%(line)s: « %(title)s » was edited in Composer; the editor's version is kept":
        "%(line)s : « %(title)s » a été modifié dans Composer ; la version de la rédaction est conservée",
    "only http and https addresses can be imported, not %(url)s": "seules les adresses http et https s'importent, pas %(url)s",
    "cannot resolve %(host)s: %(reason)s": "impossible de trouver %(host)s : %(reason)s",
    "%(host)s points to a private or local address (%(address)s); refused":
        "%(host)s désigne une adresse privée ou locale (%(address)s) ; refusé",
    "the server answered %(code)s %(reason)s for %(url)s": "le serveur a répondu %(code)s %(reason)s pour %(url)s",
    "cannot fetch %(url)s: %(reason)s": "impossible de récupérer %(url)s : %(reason)s",
    "the response is over the %(kb)s KB limit": "la réponse dépasse la limite de %(kb)s Ko",
    "more than %(n)s redirects from %(url)s": "plus de %(n)s redirections depuis %(url)s",
    "unknown format %(format)s; choose one of: %(formats)s": "format inconnu %(format)s ; choisissez parmi : %(formats)s",
    "%(name)s is over the %(kb)s KB limit": "%(name)s dépasse la limite de %(kb)s Ko",
    "cannot read %(path)s: %(reason)s": "impossible de lire %(path)s : %(reason)s",
    "the feed declares XML entities (%(kind)s); refused": "le flux déclare des entités XML (%(kind)s) ; refusé",
    "this is not a readable RSS or Atom feed (%(reason)s)": "ce n'est pas un flux RSS ou Atom lisible (%(reason)s)",
    "the file is not UTF-8 text (byte %(n)s)": "le fichier n'est pas du texte UTF-8 (octet %(n)s)",
    "the CSV file has no 'title' column (see README for the columns)":
        "le fichier CSV n'a pas de colonne « title » (voir le README pour les colonnes)",
    "the file is not valid JSON (%(reason)s)": "le fichier n'est pas du JSON valide (%(reason)s)",
    "the JSON file must hold a list of articles": "le fichier JSON doit contenir une liste d'articles",
    "nothing that looks like an article was found in the pasted text": "aucun article reconnaissable dans le texte collé",
    "the WordPress answer is not JSON (%(reason)s)": "la réponse de WordPress n'est pas du JSON (%(reason)s)",
    "the WordPress answer is not a list of posts": "la réponse de WordPress n'est pas une liste d'articles",
    "Give an address or choose a file.": "Indiquez une adresse ou choisissez un fichier.",
    "Import of %(name)s failed: %(reason)s": "L'import de %(name)s a échoué : %(reason)s",
    "%(name)s: %(imported)s imported, %(updated)s updated, %(skipped)s skipped.":
        "%(name)s : %(imported)s importés, %(updated)s mis à jour, %(skipped)s ignorés.",
    "Imports": "Imports",
    "%(imported)s imported, %(updated)s updated, %(skipped)s skipped.":
        "%(imported)s importés, %(updated)s mis à jour, %(skipped)s ignorés.",
    "Nothing was imported.": "Rien n'a été importé.",
    "Import in progress…": "Import en cours…",
    "Import": "Importer",
    "Re-importing the same source updates changed articles and never duplicates them; an article edited in "
    "Composer keeps the editor's version.":
        "Réimporter la même source met à jour les articles modifiés sans jamais les dupliquer ; un article modifié "
        "dans Composer garde la version de la rédaction.",
    "Paste an article": "Coller un article",
    "Saved sources": "Sources enregistrées",
    "Source": "Source",
    "Run again": "Relancer",
    "History": "Historique",
    "No import yet. Import your site's RSS feed to fill the library.":
        "Aucun import pour l'instant. Importez le flux RSS de votre site pour remplir la bibliothèque.",
    "When": "Quand",
    "Result": "Résultat",
    "By": "Par",
    "Failed": "Échec",
    "Details": "Détails",
    "Check what was recognised, fix any field, then save.": "Vérifiez ce qui a été reconnu, corrigez au besoin, puis enregistrez.",
    "Intertitles: %(list)s.": "Intertitres : %(list)s.",
    "Ignored: %(list)s": "Ignoré : %(list)s",
    "The library is empty. Import your site's RSS feed or paste an article.":
        "La bibliothèque est vide. Importez le flux RSS de votre site ou collez un article.",
    "Copy the whole article from the web page and paste it below. Composer finds the title, lead, intertitles and "
    "paragraphs, drops the page's menus and teasers, and shows you the result before saving.":
        "Copiez tout l'article depuis la page web et collez-le ci-dessous. Composer repère le titre, le chapô, les "
        "intertitres et les paragraphes, écarte les menus et les renvois de la page, et vous montre le résultat "
        "avant d'enregistrer.",
    "Analyse": "Analyser",
    "A sent issue cannot be deleted: it is the record of what readers received.":
        "Un numéro envoyé ne se supprime pas : c'est la trace de ce que les lecteurs ont reçu.",
    "Token name (what uses it)": "Nom du jeton (ce qui l'utilise)",
    "API token": "Jeton d'API",
    "There is no such token.": "Ce jeton n'existe pas.",
    "Send a personal API token: Authorization: Bearer <token>.":
        "Envoyez un jeton d'API personnel : Authorization: Bearer <jeton>.",
    "This API token is unknown or revoked.": "Ce jeton d'API est inconnu ou révoqué.",
    'If-Match must be the issue\'s version, for example "3".': 'If-Match doit être la version du numéro, par exemple "3".',
    "Say which version you read: an If-Match header or a version field.":
        "Indiquez la version lue : un en-tête If-Match ou un champ version.",
    "Only administrators can delete issues.": "Seuls les administrateurs suppriment des numéros.",
    "The token is revoked: it no longer opens the API.": "Le jeton est révoqué : il n'ouvre plus l'API.",
    "API reference": "Référence de l'API",
    "Machine-readable document:": "Document lisible par machine :",
    "API tokens": "Jetons d'API",
    "Parameter": "Paramètre",
    "In": "Dans",
    "Type": "Type",
    "Body": "Corps",
    "Responses": "Réponses",
    "A token lets a script or your CMS use the API as you, with your role. Keep it secret; revoke it when it is no "
    "longer used.":
        "Un jeton permet à un script ou à votre CMS d'utiliser l'API en votre nom, avec votre rôle. Gardez-le secret ; "
        "révoquez-le quand il ne sert plus.",
    "Copy this token now: it will not be shown again.": "Copiez ce jeton maintenant : il ne sera plus affiché.",
    "New token": "Nouveau jeton",
    "Starts with": "Commence par",
    "Created": "Créé le",
    "Last used": "Dernière utilisation",
    "Revoke this token? Scripts using it will stop working.":
        "Révoquer ce jeton ? Les scripts qui l'utilisent cesseront de fonctionner.",
    "Revoke": "Révoquer",
    "No token yet.": "Aucun jeton pour l'instant.",
    "Create token": "Créer le jeton",
    "Shared: %(list)s": "Partagé : %(list)s",
    "Similar wording": "Vocabulaire proche",
    "Suggestions for « %(title)s »": "Suggestions pour « %(title)s »",
    "Nothing close in the library yet. Import or add articles on this subject and suggestions will appear here.":
        "Rien d'approchant dans la bibliothèque pour l'instant. Importez ou ajoutez des articles sur ce sujet : "
        "les suggestions apparaîtront ici.",
    "Add a top story or a news item: stories on the same subject will be suggested here.":
        "Ajoutez un article à la une ou en actualités : les articles du même sujet seront suggérés ici.",
    "Related to this story": "Du même sujet que cet article",
    "Something went wrong on our side. Nothing you saved is lost; if it happens again, give this reference to "
    "your administrator: %(id)s":
        "Une erreur s'est produite de notre côté. Rien de ce que vous avez enregistré n'est perdu ; si cela se "
        "reproduit, donnez cette référence à votre administrateur : %(id)s",
    "Too many attempts": "Trop de tentatives",
    "Server error": "Erreur du serveur",
    "%(address)s is not a valid address: %(reason)s": "%(address)s n'est pas une adresse valide : %(reason)s",
    "Give at least one address.": "Indiquez au moins une adresse.",
    "At most %(n)s addresses per test.": "Au plus %(n)s adresses par envoi de test.",
    "The mail server refused the test: %(code)s %(reason)s": "Le serveur d'envoi a refusé le test : %(code)s %(reason)s",
    "The mail server refused the test: %(reason)s": "Le serveur d'envoi a refusé le test : %(reason)s",
    "Cannot reach the mail server %(server)s:%(port)s: %(reason)s":
        "Impossible de joindre le serveur d'envoi %(server)s:%(port)s : %(reason)s",
    "Send a test to (up to 10 addresses)": "Envoyer un test à (10 adresses au plus)",
    "Test sent to %(addresses)s.": "Test envoyé à %(addresses)s.",
    "Send the test": "Envoyer le test",
    "The generic export, with [TEST] before the subject.": "L'export générique, avec [TEST] devant l'objet.",
    "There is no published issue at this address.": "Aucun numéro publié à cette adresse.",
    "The issue is on the public archive.": "Le numéro est dans l'archive publique.",
    "The issue is no longer on the public archive.": "Le numéro n'est plus dans l'archive publique.",
    "Archive of the newsletter": "Archives de la lettre",
    "Every issue of the newsletter, as it was sent.": "Tous les numéros de la lettre, tels qu'ils ont été envoyés.",
    "Atom feed": "Flux Atom",
    "No issue has been published yet.": "Aucun numéro publié pour l'instant.",
    "It is on the public archive:": "Il est dans l'archive publique :",
    "It is not on the public archive.": "Il n'est pas dans l'archive publique.",
    "Take it off the archive": "Le retirer de l'archive",
    "Publish it on the archive": "Le publier dans l'archive",
    "Unknown service %(service)s.": "Service inconnu : %(service)s.",
    "An API key is required.": "Une clé d'API est obligatoire.",
    "%(service)s refused the API key (%(code)s): %(detail)s": "%(service)s a refusé la clé d'API (%(code)s) : %(detail)s",
    "%(service)s answered %(code)s: %(detail)s": "%(service)s a répondu %(code)s : %(detail)s",
    "%(service)s did not answer: %(reason)s": "%(service)s n'a pas répondu : %(reason)s",
    "Unknown service %(service)s; choose one of: %(services)s.": "Service inconnu %(service)s ; choisissez parmi : %(services)s.",
    "No %(service)s account is set up: an admin adds it in Settings.":
        "Aucun compte %(service)s n'est configuré : un administrateur l'ajoute dans les Réglages.",
    "The stored %(service)s key cannot be read (the encryption key changed): enter it again in Settings.":
        "La clé %(service)s enregistrée est illisible (la clé de chiffrement a changé) : saisissez-la à nouveau "
        "dans les Réglages.",
    "Service": "Service",
    "Address of your listmonk (listmonk only)": "Adresse de votre listmonk (listmonk seulement)",
    "API user (listmonk only)": "Utilisateur d'API (listmonk seulement)",
    "API key or token (leave empty to keep the saved one)": "Clé ou jeton d'API (vide : garder celle enregistrée)",
    "List ids, comma-separated": "Identifiants des listes, séparés par des virgules",
    "No campaign was created in %(service)s: %(reason)s": "Aucune campagne créée dans %(service)s : %(reason)s",
    "Draft campaign %(id)s is in %(service)s: %(url)s": "La campagne brouillon %(id)s est dans %(service)s : %(url)s",
    "%(service)s account saved.": "Compte %(service)s enregistré.",
    "Draft campaign in %(service)s": "Campagne brouillon dans %(service)s",
    "Create a draft campaign in %(service)s": "Créer une campagne brouillon dans %(service)s",
    "Mailing services": "Services d'envoi",
    "With an account here, an issue can be created as a draft campaign in the service in one click (it is never "
    "sent from Composer). Keys are stored encrypted and never shown again.":
        "Avec un compte ici, un numéro devient en un clic une campagne brouillon dans le service (Composer ne "
        "l'envoie jamais). Les clés sont chiffrées et ne sont plus jamais affichées.",
    "Key": "Clé",
    "Lists": "Listes",
    "Send a test": "Envoyer un test",
    "Line %(n)s of the backup is damaged.": "La ligne %(n)s de la sauvegarde est abîmée.",
    "This file is not a Composer backup.": "Ce fichier n'est pas une sauvegarde de Composer.",
    "The backup was made at schema %(theirs)s, this database is at %(ours)s: run init-db with the matching "
    "version first.":
        "La sauvegarde a été faite au schéma %(theirs)s, cette base est au schéma %(ours)s : lancez d'abord "
        "init-db avec la version correspondante.",
    "The database is not empty (%(table)s has rows): restore only into an empty one.":
        "La base n'est pas vide (%(table)s contient des lignes) : restaurez seulement dans une base vide.",
    "Unknown table %(table)s in the backup.": "Table inconnue dans la sauvegarde : %(table)s.",
    "This issue has no revision #%(id)s.": "Ce numéro n’a pas de révision n° %(id)s.",
    "This article is used in %(count)s issue(s) being prepared; remove it from them first.": "Cet article figure dans %(count)s numéro(s) en préparation ; retirez-l’en d’abord.",
    "Someone else saved this article meanwhile; reload it and try again.": "Quelqu’un d’autre a enregistré cet article entre-temps ; rechargez-le et réessayez.",
    "This article has no revision #%(id)s.": "Cet article n’a pas de révision n° %(id)s.",
    "Edited the details": "A modifié les informations",
    "Added an item": "A ajouté un article",
    "Moved an item": "A déplacé un article",
    "Changed an item": "A modifié un article",
    "Removed an item": "A retiré un article",
    "Changed an item's title or teaser": "A changé le titre ou l’accroche d’un article",
    "Saved": "Enregistré",
    "Imported": "Importé",
    "Moved to the trash": "Mis à la corbeille",
    "Restored from the trash": "Restauré depuis la corbeille",
    "Put back to draft": "Remis en brouillon",
    "Marked ready": "Marqué prêt",
    "Marked sent": "Marqué envoyé",
    "Created as a copy of issue #%(id)s": "Créé comme copie du numéro n° %(id)s",
    "Restored revision #%(id)s": "A restauré la révision n° %(id)s",
    "Introduction": "Introduction",
    "Tags": "Mots-clés",
    "Publication date": "Date de publication",
    "Image in this issue": "Image dans ce numéro",
    "Added %(title)s": "Ajouté : %(title)s",
    "Moved %(title)s": "Déplacé : %(title)s",
    "Removed %(title)s": "Retiré : %(title)s",
    "« %(title)s » (#%(id)s) was in a sent issue: kept.": "« %(title)s » (n° %(id)s) figurait dans un numéro envoyé : conservé.",
    "« %(title)s » (#%(id)s) is in an issue in the trash: kept until it goes.": "« %(title)s » (n° %(id)s) figure dans un numéro à la corbeille : conservé tant qu’il y est.",
    "« %(title)s » is in the trash; you can restore it there for %(days)s days.": "« %(title)s » est dans la corbeille ; vous pouvez l’y restaurer pendant %(days)s jours.",
    "Revision #%(id)s is back, saved as a new revision.": "La révision n° %(id)s est rétablie, enregistrée comme nouvelle révision.",
    "Not brought back (article deleted or in the trash): %(titles)s": "Non rétablis (article supprimé ou à la corbeille) : %(titles)s",
    "The form was incomplete or expired; reload the page and try again.": "Le formulaire était incomplet ou expiré ; rechargez la page et réessayez.",
    "This article is not in the trash.": "Cet article n’est pas dans la corbeille.",
    "« %(title)s » is back in the library.": "« %(title)s » est de retour dans la bibliothèque.",
    "This issue is not in the trash.": "Ce numéro n’est pas dans la corbeille.",
    "« %(title)s » is back among the issues.": "« %(title)s » est de retour parmi les numéros.",
    "Trash": "Corbeille",
    "History of « %(title)s »": "Historique de « %(title)s »",
    "Back": "Retour",
    "Only a draft can be changed: put the issue back to draft to restore a revision.": "Seul un brouillon peut être modifié : remettez le numéro en brouillon pour restaurer une révision.",
    "No revision yet: each save will be listed here.": "Aucune révision pour l’instant : chaque enregistrement sera listé ici.",
    "an import or a script": "un import ou un script",
    "No change to the content.": "Aucun changement du contenu.",
    "Restore this revision": "Restaurer cette révision",
    "Deleted articles and issues stay here for %(days)s days, then are removed for good. An article used in a sent issue is never removed.": "Les articles et numéros supprimés restent ici %(days)s jours, puis sont effacés définitivement. Un article utilisé dans un numéro envoyé n’est jamais effacé.",
    "The trash is empty.": "La corbeille est vide.",
    "Articles": "Articles",
    "Deleted": "Supprimé le",
    "Removed for good on": "Effacé définitivement le",
    "Restore": "Restaurer",
    "Also on this issue now: %(names)s. Your saves stay safe: if you both change it, the second save is stopped and shown to you.": "Aussi sur ce numéro en ce moment : %(names)s. Vos enregistrements sont protégés : si vous le modifiez tous deux, le second enregistrement est arrêté et vous est montré.",
    "Move this issue to the trash? You can restore it from the trash for 30 days.": "Mettre ce numéro à la corbeille ? Vous pourrez l’en restaurer pendant 30 jours.",
    "Move to the trash": "Mettre à la corbeille",
    "It goes to the trash: out of the library and of searches, restorable for %(days)s days. An issue being prepared that uses it must let go of it first.": "Il part à la corbeille : hors de la bibliothèque et des recherches, restaurable pendant %(days)s jours. Un numéro en préparation qui l’utilise doit d’abord le retirer.",
    "Yes, move it to the trash": "Oui, le mettre à la corbeille",
    "The %(num)d most recent matching articles, most relevant first. Add a word, a filter or a date to reach older ones.": "Les %(num)d articles les plus récents qui correspondent, les plus pertinents d’abord. Ajoutez un mot, un filtre ou une date pour remonter plus loin.",
    "Another administrator changed %(email)s meanwhile: the role is now %(role)s. Nothing was changed; choose again if needed.": "Un autre administrateur a modifié %(email)s entre-temps : son rôle est maintenant %(role)s. Rien n’a été changé ; choisissez à nouveau si besoin.",
    "Another administrator changed %(email)s at the same moment. Nothing was changed.": "Un autre administrateur a modifié %(email)s au même moment. Rien n’a été changé.",
    "%(name)s is a %(kind)s file. Export it as CSV, JSON or text, or give the feed's address.": "%(name)s est un fichier %(kind)s. Exportez-le en CSV, JSON ou texte, ou donnez l’adresse du flux.",
    "%(name)s: Composer imports %(suffixes)s files.": "%(name)s : Composer importe les fichiers %(suffixes)s.",
    "%(name)s is not a text file.": "%(name)s n’est pas un fichier texte.",
    "Changed meanwhile:": "Modifié entre-temps :",
    "See the whole history": "Voir tout l’historique",
    "Its stories that were in the trash are back in the library too: %(titles)s.":
        "Ses articles qui étaient dans la corbeille sont aussi revenus dans la bibliothèque : %(titles)s.",
    "Unsaved changes": "Modifications non enregistrées",
    "Not saved, and no longer on the page: what you had typed in « __FIELD__ », to copy:":
        "Non enregistré, et plus sur la page : ce que vous aviez tapé dans « __FIELD__ », à copier :",
    "Discard the changes you have not saved?": "Abandonner les modifications non enregistrées ?",
    "The issue cannot be marked ready or sent yet: %(problems)s":
        "Le numéro ne peut pas encore être marqué prêt ni envoyé : %(problems)s",
    "The subject is empty: the email would go out with the internal title.":
        "L’objet est vide : la lettre partirait avec le titre interne.",
    "The subject is %(n)s characters long: inboxes cut it after about %(max)s.":
        "L’objet fait %(n)s caractères : les boîtes de réception le coupent vers %(max)s.",
    "No preheader: inboxes will show the first words of the email instead.":
        "Pas de pré-en-tête : les boîtes de réception montreront à la place les premiers mots de la lettre.",
    "The preheader is %(n)s characters long: inboxes show about %(max)s.":
        "Le pré-en-tête fait %(n)s caractères : les boîtes de réception en montrent environ %(max)s.",
    "The issue has no story yet.": "Le numéro ne contient encore aucun article.",
    "Nothing « À la une »: the email opens on the news.":
        "Rien « À la une » : la lettre s’ouvre sur les actualités.",
    "%(n)s stories « À la une »: one or two stand out better.":
        "%(n)s articles « À la une » : un ou deux ressortent mieux.",
    "« %(title)s » has no link (canonical URL): readers could not open it.":
        "« %(title)s » n’a pas d’adresse (URL canonique) : les lecteurs ne pourraient pas l’ouvrir.",
    "The image of « %(title)s » is not on https: the email leaves it out.":
        "L’image de « %(title)s » n’est pas en https : la lettre ne l’affiche pas.",
    "The image of « %(title)s » has no alt text: with images blocked, and for screen readers, it says nothing.":
        "L’image de « %(title)s » n’a pas de texte alternatif : images bloquées, ou pour un lecteur d’écran, "
        "elle ne dit rien.",
    "Before sending": "Avant l’envoi",
    "To fix": "À corriger",
    "To check": "À vérifier",
    "Nothing to report: the issue can go.": "Rien à signaler : le numéro peut partir.",
    "What you typed above is not saved, and this issue would then be read-only. Go on without it?":
        "Ce que vous avez tapé plus haut n’est pas enregistré, et le numéro ne serait plus modifiable. "
        "Continuer sans ?",
    "Edit the article": "Modifier l’article",
    "The server did not answer: nothing was saved, and what you typed is still here. Try again in a moment.":
        "Le serveur n’a pas répondu : rien n’a été enregistré, et ce que vous avez tapé est toujours là. "
        "Réessayez dans un instant.",
    "Library pages": "Pages de la bibliothèque",
    "Dismiss this message": "Fermer ce message",
    "The HTML itself is email-safe: table layout, inlined CSS, Outlook conditionals, dark mode, preheader, alt texts, absolute links and unsubscribe link are in place.":
        "Le HTML lui-même est sûr pour l’email : mise en page en tableaux, CSS en ligne, conditions Outlook, "
        "mode sombre, pré-en-tête, textes alternatifs, liens absolus et lien de désinscription sont en place.",
    "All kinds": "Tous types",
    "All rubriques": "Toutes rubriques",
    ("%(num)d problem to fix", "%(num)d problems to fix"): ("%(num)d point à corriger", "%(num)d points à corriger"),
}

def main(po_path: str = "composer/translations/fr/LC_MESSAGES/messages.po") -> int:
    path = Path(po_path)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    missing = []
    for message in catalog:
        if not message.id:
            continue
        translation = FR.get(message.id)
        if translation is None:
            missing.append(message.id)
            continue
        if isinstance(translation, tuple):
            message.string = tuple(french_typography(t) for t in translation)
        else:
            message.string = french_typography(translation)
        message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100)
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
