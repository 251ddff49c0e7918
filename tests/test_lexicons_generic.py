"""The second round of generic residue: the standard wording many sites share for paywalls,
newsletter pitches and their consent text, app and follow prompts, "liked this article?"
pitches, ad-blocker notices, terms and opinion disclaimers, cookie widgets, blog entry meta
lines that end on the comment link, StackExchange question stats, breadcrumbs and topic boxes
glued together in a text dump, media availability labels, and lines with two dates.

Each family has residue lines (RESIDUE, with the reason) and, in SENTENCES, lines of an
article that use the same words and stay.
"""

from __future__ import annotations

import pytest

from cleaner import clean
from cleaner.dates import labelled_dateline, parse_dateline
from cleaner.lexicons import default_lexicon

RESIDUE = [
    # The data-protection link under a newsletter form
    ("Was passiert mit meinen Daten?", "subscribe"),
    ("What happens to my data?", "subscribe"),
    # A "read more" link with the reading time of the teaser's article
    ("weiterlesen 5 Minuten", "navigation"),
    ("Read more · 4 min", "navigation"),
    # The chrome of an embedded Instagram post (template: it stands inside the article)
    ("View this post on Instagram", "template"),
    ("Sieh dir diesen Beitrag auf Instagram an", "template"),
    ("A post shared by Adam Ondra (@adam.ondra) on Jun 16, 2019 at 7:30am PDT", "template"),
    ("Ein Beitrag geteilt von SKEP (@skep.association) am 23. Okt 2017 um 0:31 Uhr", "template"),
    # Round 3: dark-mode toggles, subscriber counts of embedded channels, reading time with word count
    ("Nachtmodus ein / aus", "navigation"),
    ("Dark mode", "navigation"),
    ("Modo oscuro", "navigation"),
    ("4 Tsd. Abonnenten", "template"),
    ("1.2M subscribers", "template"),
    ("21 minutes - 4312 words", "template"),
    # Round 3: opinion disclaimers naming the outlet, disclaimer headings, Fandom wikis, who's-online widgets
    ("Les opinions exprimées dans les blogs du Monde diplomatique n'engagent que leurs auteurs.", "copyright"),
    ("The views expressed on this blog are those of the authors and do not necessarily reflect the views of Example.", "copyright"),
    ("Las opiniones expresadas en esta columna son responsabilidad exclusiva de su autor.", "copyright"),
    ("Haftungsbeschränkung für externe Links", "copyright"),
    ("Namentlich gekennzeichnete Beiträge geben nicht unbedingt die Meinung der Redaktion wieder.", "copyright"),
    ("Harry Potter Wiki is a FANDOM Movies Community.", "template"),
    ("Take your favorite fandoms with you and never miss a beat.", "subscribe"),
    ("13 Besucher sind online (8 Besucher halten sich im Bereich News auf.)", "template"),
    ("Aktuell sind 13 Gäste und keine Mitglieder online", "template"),
    ("We have 233 guests and no members online", "template"),
    # Round 3: login boxes, skip links and landmark labels, WordPress.com comment-box labels
    ("Passwort vergessen?", "navigation"),
    ("Forgot your password? Get help", "navigation"),
    ("Welcome!Log into your account", "navigation"),
    ("Herzlich Willkommen! Loggen Sie sich in Ihrem Konto ein", "navigation"),
    ("Ein Passwort wird Ihnen per E-Mail zugeschickt.", "navigation"),
    ("Se te ha enviado una contraseña por correo electrónico.", "navigation"),
    ("Mot de passe oublié ?", "navigation"),
    ("Wachtwoord vergeten?", "navigation"),
    ("Nie pamiętasz hasła?", "navigation"),
    ("Забыли пароль?", "navigation"),
    ("Angemeldet bleiben", "navigation"),
    ("Springe direkt zu:", "navigation"),
    ("Sie befinden sich hier: Startseite > Presse", "navigation"),
    ("Hauptnavigation", "navigation"),
    ("Navegación principal", "navigation"),
    ("Vous êtes ici : Accueil > Actualités", "navigation"),
    ("E-Mail (erforderlich) (Adresse wird niemals veröffentlicht)", "comment-form"),
    ("Verbinde mit %s", "comment-form"),
    ("Wenn du ein Mensch bist, lasse das Feld leer:", "comment-form"),
    ("Liken Lade …", "share"),
    # Round 3: related markers with "A" for "À", blogroll headings, the social plugin's prompt
    ("A lire aussi :", "related"),
    ("A découvrir sur Example", "related"),
    ("A voir aussi", "related"),
    ("Weitere aktuelle Themen aus der Arbeitswelt", "related"),
    ("Other interesting sites", "related"),
    ("Interesting Links", "related"),
    ("Be the first of your friends to like this.", "share"),
    ("Empfiehl dies deinen Freunden.", "share"),
    ("Sei der Erste deiner Freunde, dem das gefällt.", "share"),
    # Round 3: "don't want to miss anything?" and magazine-issue widgets
    ("Du willst nichts mehr verpassen?", "subscribe"),
    ("Sie wollen nichts mehr verpassen?", "subscribe"),
    ("Sie wollen mehr von uns?", "subscribe"),
    ("Don't want to miss anything?", "subscribe"),
    ("Vous ne voulez rien manquer ?", "subscribe"),
    ("¿No quieres perderte nada?", "subscribe"),
    ("Non vuoi perderti nulla?", "subscribe"),
    ("Não quer perder nada?", "subscribe"),
    ("Wil je niets missen?", "subscribe"),
    ("Nie chcesz niczego przegapić?", "subscribe"),
    ("Die aktuelle Ausgabe", "subscribe"),
    ("Current Issue", "subscribe"),
    ("Dernier numéro", "subscribe"),
    # Round 3: comment sections (ping/trackbacks, review counters, login and answer prompts)
    ("Pingback von Too much information - Papierkorb | 11.09.2011 23:31", "comment-form"),
    ("Pingback: Ten things I learned this year | Example Blog", "comment-form"),
    ("2 reviews", "comment-form"),
    ("Reviews (3)", "comment-form"),
    ("7 Bewertungen", "comment-form"),
    ("Avis (0)", "comment-form"),
    ("12 reseñas", "comment-form"),
    ("4 recensioni", "comment-form"),
    ("5 opinii", "comment-form"),
    ("3 отзыва", "comment-form"),
    ("No Response so far »", "comment-form"),
    ("Du musst Eingeloggt sein um Kommentare zu schreiben! oder noch gar nicht Registriert?", "comment-form"),
    ("Sie sind nicht verbunden. Loggen Sie sich ein oder registrieren Sie sich", "comment-form"),
    ("Verraten Sie gerne in den Kommentaren: Was bedeutet ein Award für Sie?", "comment-form"),
    ("Let us know in the comments below!", "comment-form"),
    ("Dites-nous en commentaire ce que vous en pensez !", "comment-form"),
    ("Cuéntanos en los comentarios qué te ha parecido.", "comment-form"),
    # Paywalls
    ("Subscribe now to our e-edition for the full story.", "subscribe"),
    ("To view the full story, please subscribe to The Example Times. You can choose a $60 Annual Subscription.", "subscribe"),
    (
        "If you’re seeing this message but you’re already a subscriber, you can log in for immediate access to this story.",
        "subscribe",
    ),
    ("Already a subscriber? Log in here", "subscribe"),
    ("Instant access to the full article PDF.", "subscribe"),
    ("Dieser Artikel ist nur für Abonnenten verfügbar.", "subscribe"),
    ("Schon Abonnent? Hier anmelden", "subscribe"),
    ("Cet article est réservé aux abonnés.", "subscribe"),
    ("Déjà abonné ? Connectez-vous", "subscribe"),
    ("Suscríbase para acceso digital ilimitado – solo $2 por 2 meses.", "subscribe"),
    ("Este contenido es exclusivo para suscriptores.", "subscribe"),
    ("Questo articolo è riservato agli abbonati.", "subscribe"),
    ("Este conteúdo é exclusivo para assinantes.", "subscribe"),
    ("Dit artikel is alleen voor abonnees.", "subscribe"),
    ("Ten artykuł jest dostępny tylko dla subskrybentów.", "subscribe"),
    # Newsletter pitches and consent
    ("Sign up to get the best content of the week, and great gaming deals, as picked by the editors.", "subscribe"),
    ("Never miss the latest news by signing up to our newsletter today!", "subscribe"),
    ("Get The Example Post's Daily Edition by email and never miss our top stories Free Sign Up", "subscribe"),
    ("No spam, we promise. You can unsubscribe at any time and we'll never share your details without your permission.", "subscribe"),
    (
        "Yes! Sign me up to receive the daily Briefing email. I agree my information will be processed in accordance "
        "with the Example Privacy Policy.",
        "subscribe",
    ),
    ("Mit der Anmeldung stimme ich der Bearbeitung meiner Daten entsprechend der Datenschutzerklärung zu.", "subscribe"),
    ("Mit Absendung des Formulars willige ich in die Verarbeitung meiner personenbezogenen Daten ein.", "subscribe"),
    ("Abonnieren Sie unseren Newsletter und erfahren Sie alles über neue Produkte.", "subscribe"),
    ("Geben Sie Ihre E-Mail-Adresse an, um diesen Blog zu abonnieren und Benachrichtigungen über neue Beiträge via E-Mail zu erhalten.", "subscribe"),
    ("Vous pouvez vous désinscrire à tout moment.", "subscribe"),
    ("Puedes darte de baja en cualquier momento.", "subscribe"),
    ("Acconsento al trattamento dei dati personali ai sensi del GDPR.", "subscribe"),
    ("Você pode cancelar a inscrição a qualquer momento.", "subscribe"),
    ("Je kunt je op elk moment afmelden.", "subscribe"),
    ("Wyrażam zgodę na przetwarzanie moich danych osobowych w celu otrzymywania newslettera.", "subscribe"),
    # App prompts
    ("For the latest stories and breaking news updates download the Example News apps for iOS and Android.", "subscribe"),
    ("Download our app for the latest headlines.", "subscribe"),
    ("Laden Sie unsere App kostenlos herunter.", "subscribe"),
    ("Téléchargez notre application gratuite.", "subscribe"),
    ("Descarga nuestra app y recibe las noticias.", "subscribe"),
    ("Scarica la nostra app.", "subscribe"),
    ("Baixe nosso app.", "subscribe"),
    ("Download onze app.", "subscribe"),
    ("Pobierz naszą aplikację.", "subscribe"),
    # Follow prompts and "liked this article?"
    ("Follow us on Twitter and Instagram @Example and on Facebook @ExamplePage.", "share"),
    ("Follow The Example Gazette on Twitter and Instagram @ExampleGazette", "share"),
    ("Folge uns auch in den sozialen Medien, wir halten dich auch dort auf dem Laufenden.", "share"),
    ("Suivez-nous sur Facebook et Twitter", "share"),
    ("Síguenos en Instagram", "share"),
    ("Seguici su Facebook", "share"),
    ("Siga-nos nas redes sociais", "share"),
    ("Volg ons op LinkedIn", "share"),
    ("Obserwuj nas na Facebooku", "share"),
    ("If you enjoyed reading this post – would you consider supporting our work? Just click here. Thanks!", "share"),
    ("Hat Ihnen dieser Artikel gefallen? Dann teilen Sie ihn doch mit anderen", "share"),
    ("Dir hat der Artikel gefallen? Jetzt teilen...", "share"),
    ("Si vous avez aimé cet article, partagez-le !", "share"),
    ("¿Te ha gustado este artículo? Compártelo", "share"),
    ("Se ti è piaciuto questo articolo, condividilo", "share"),
    ("Gostou deste artigo? Compartilhe", "share"),
    ("Vond je dit artikel leuk? Deel het", "share"),
    ("Podobał ci się ten artykuł? Udostępnij go", "share"),
    # Ad blockers and affiliate disclosures
    ("If you’re running an ad-blocker it’s costing me money. Our website relies on internet advertisements to pay the bills.", "advertisement"),
    ("It looks like you're using an ad blocker. Please whitelist our site.", "advertisement"),
    ("Wir haben festgestellt, dass Sie einen Adblocker verwenden.", "advertisement"),
    ("Vous utilisez un bloqueur de publicité.", "advertisement"),
    ("Parece que estás usando un bloqueador de anuncios.", "advertisement"),
    ("Sembra che tu stia usando un ad blocker.", "advertisement"),
    ("Parece que você está usando um bloqueador de anúncios.", "advertisement"),
    ("Het lijkt erop dat je een adblocker gebruikt.", "advertisement"),
    ("Wygląda na to, że używasz adblocka.", "advertisement"),
    # The affiliate note above a headline is left alone: in a text dump it is what closes a
    # teaser list before the title ("Popular ... When you purchase through links ... Title").
    ("When you purchase through links on our site, we may earn an affiliate commission. Learn more", None),
    ("This post contains references to products from one or more of our advertisers.", "advertisement"),
    # Terms, disclaimers
    ("Use of this Web site constitutes acceptance of our Terms and Conditions of Use and Privacy Policy.", "copyright"),
    ("The views expressed in this article are those of the author and do not reflect the editorial position.", "copyright"),
    ("Dieser Beitrag gibt die Meinung des Autors wieder, nicht notwendigerweise die der Redaktion.", "copyright"),
    ("Trotz sorgfältiger inhaltlicher Kontrolle übernehmen wir keine Haftung für die Inhalte externer Links.", "copyright"),
    ("L'utilisation de ce site implique l'acceptation des conditions générales.", "copyright"),
    ("El uso de este sitio web implica la aceptación de los términos y condiciones.", "copyright"),
    ("L'utilizzo di questo sito implica l'accettazione dei termini d'uso.", "copyright"),
    ("O uso deste site implica a aceitação dos termos de uso.", "copyright"),
    ("Het gebruik van deze website is onderworpen aan de gebruiksvoorwaarden.", "copyright"),
    ("Korzystanie z serwisu oznacza akceptację regulaminu.", "copyright"),
    # Licence lines and journal paywall boxes
    ("Die Bilder in diesem Blog stehen unter einer Creative Commons Namensnennung 3.0 Unported Lizenz.", "copyright"),
    ("Der Podcast von Jana Beispiel steht unter einer Creative Commons Namensnennung 4.0-Lizenz (CC-BY 4.0).", "copyright"),
    ("The photos on this site are licensed under a Creative Commons Attribution 4.0 License.", "copyright"),
    ("Some rights reserved 2017-2023 by Example Media.", "copyright"),
    ("Immediate online access to all issues from 2019. Subscription will auto renew annually.", "subscribe"),
    # The consent line under a comment form
    ("Mit der Nutzung dieses Formulars erklärst du dich mit der Speicherung und Verarbeitung deiner Daten durch diese Website einverstanden.", "comment-form"),
    ("By using this form you agree with the storage and handling of your data by this website.", "comment-form"),
    ("En utilisant ce formulaire, vous acceptez le stockage et le traitement de vos données par ce site web.", "comment-form"),
    ("Utilizzando questo modulo accetti la memorizzazione e la gestione dei tuoi dati da parte di questo sito web.", "comment-form"),
    # Cookie widgets, captcha
    ("Privacy & Cookies: This site uses cookies. By continuing to use this website, you agree to their use.", "cookie"),
    ("Strictly Necessary Cookie should be enabled at all times so that we can save your preferences for cookie settings.", "cookie"),
    ("Cookies erleichtern die Bereitstellung unserer Dienste. Mit der Nutzung unserer Dienste erklären Sie sich damit einverstanden.", "cookie"),
    ("Time limit is exhausted. Please reload CAPTCHA.", "template"),
    # Entry meta lines that end on the comment link or count
    ("January 13, 2020 at 08:45 AM | categories: Python, Mercurial | View Comments", "comment-form"),
    ("23.06.2016 um 16:14 Uhr - Jana Beispiel - 91 Ergänzungen", "comment-form"),
    ("19.6.2007 9:40 Uhr Jana Beispiel 71 Kommentare", "comment-form"),
    ("Freitag | 14. Juni 2019 | 15:49 VON Jana Beispiel IN Fashion | 0 COMMENTS", "comment-form"),
    ("Veröffentlicht am 6. Juli 2015 von Jana Beispiel — Hinterlasse eine Antwort", "comment-form"),
    ("September 15, 2020 byJane Doe Post a Comment", "comment-form"),
    ("12 mars 2021 par Jeanne Dupont | 3 commentaires", "comment-form"),
    ("3 de marzo de 2021 | Juan Pérez | Deja un comentario", "comment-form"),
    (
        "Der Beitrag wurde am Mittwoch, den 27. November 2019 um 15:21 Uhr veröffentlicht und wurde unter Allgemein, "
        "Termine abgelegt. Du kannst die Kommentare zu diesen Eintrag durch den RSS 2.0 Feed verfolgen.",
        "taxonomy",
    ),
    ("This entry was posted on Monday, March 2nd, 2020 at 10:15 am and is filed under News. You can follow any responses.", "taxonomy"),
    # Question stats, bylines with reading time, media labels
    ("Asked 8 years, 2 months ago", "template"),
    ("Asked 8 years ago Viewed 3k times Modified 1 year ago", "template"),
    ("Viewed 12,345 times", "template"),
    ("By Jane Marie Doe Feb 8, 2020 5 min read", "template"),
    ("Video verfügbar bis 28.02.2021", "template"),
    ("Available until 3 March 2024", "template"),
    # Glued breadcrumbs and topic boxes
    ("InicioMundoUcrania interrumpe el paso de gas", "navigation"),
    ("AccueilSportsLe club gagne encore", "navigation"),
    ("Start|Magazin|Coole Tipps|Ordnung", "navigation"),
    ("Read the latest from Jane Doe", "navigation"),
    ("Related TopicsEpic GamesNewsRocket League", "taxonomy"),
    ("TemasCorte SupremaDerechos humanos", "taxonomy"),
    # Newsletter prompts that name the newsletter
    ("Sign Up for the Intelligencer Newsletter", "subscribe"),
    ("GET THE BOING BOING NEWSLETTER", "subscribe"),
    ("Jetzt den MEEDIA-Newsletter abonnieren!", "subscribe"),
    ("Suscríbete a nuestro boletín", "subscribe"),
    ("Abonnez-vous à notre newsletter", "subscribe"),
    ("Über den Autor/ die Autorin", "navigation"),
    # Donation and membership prompts
    ("Jetzt spenden!", "subscribe"),
    ("Support independent journalism", "subscribe"),
    ("Faites un don", "subscribe"),
]

SENTENCES = [
    # subscriber / dark-mode words
    "The channel passed 4,000 subscribers in March, its founder said.",
    "Dark mode is easier on the eyes at night, according to the study's authors.",
    # disclaimer / online words
    "The views expressed in the survey do not necessarily reflect those of the population as a whole.",
    "Les propos du ministre n'engagent que lui, a répondu le porte-parole du gouvernement.",
    "Las opiniones expresadas por los vecinos no reflejan necesariamente la postura del ayuntamiento.",
    "We have 13 guests online tonight for the charity stream, the organisers said.",
    "The game is a fandom favourite and its community is larger than ever.",
    # login / navigation words
    "Wer sein Passwort vergessen hat, kann es über die Website zurücksetzen.",
    "Sie befinden sich hier in guter Gesellschaft, sagte der Bürgermeister zur Begrüßung.",
    "Your password should be long, unique and stored in a password manager.",
    "Angemeldet bleiben nur die Vereine, die ihren Beitrag gezahlt haben.",
    # related / share words
    "A lire aussi les commentaires des lecteurs, on comprend la colère des habitants.",
    "Other interesting sites in the region include a Roman bridge and two medieval churches.",
    "Weitere aktuelle Themen der Sitzung waren der Haushalt und die Schulsanierung.",
    "She wanted to be the first of her friends to like the new band, and she was.",
    # "miss anything" and issue words
    "Wer nichts mehr verpassen will, muss sich früh anmelden, sagte die Veranstalterin.",
    "Sie wollen mehr von uns wissen, als wir ihnen sagen dürfen, erklärte der Sprecher.",
    "The current issue of the journal is devoted to climate adaptation in coastal cities.",
    "Die aktuelle Ausgabe des Berichts zeigt einen Rückgang der Arbeitslosigkeit.",
    "Le dernier numéro du magazine a été retiré des kiosques après une plainte.",
    # comment-section words
    "The hotel has 2 reviews on the site, both of them written by the owner's cousin.",
    "Pingback and trackback were designed to notify blogs of links, a feature spammers soon abused.",
    "No response so far from the ministry, which was asked for comment on Monday.",
    "Du musst eingeloggt sein, um Kommentare zu schreiben, erklärte der Betreiber die neue Regel im Forum.",
    "Many readers let us know in the comments that the recipe needed more salt.",
    "Avis de tempête: Météo-France place trois départements en vigilance orange.",
    # paywall / newsletter words
    "Readers who subscribe now to the print edition get a discount, the publisher said.",
    "The full story of the expedition was never told, and the archive is closed.",
    "No spam filter is perfect, experts warn, and some messages always get through.",
    "Kein Spam-Filter ist perfekt, sagen Fachleute.",
    "Many readers said they enjoyed this article on the budget more than the last one.",
    "Mit der Anmeldung zur Prüfung beginnt für viele Studierende die stressigste Zeit des Jahres.",
    "Sie können sich jederzeit an die Beratungsstelle der Stadt wenden.",
    "The city asked residents to download the app for iOS and Android to report potholes.",
    "Download the app from the store, then open it and sign in with your account.",
    "Subscribers to the newsletter said the plan was fine.",
    "Die Bürger spenden jedes Jahr mehr für die Tafeln, sagte die Sprecherin.",
    "We support the plan to donate the land to the city.",
    "The newsletter was founded in 1990 by a group of doctors who wanted to share their notes.",
    "Join the residents who signed the letter to the council, the newsletter urged.",
    # follow / share words
    "Follow us on our trip through Italy this summer, from Rome to the Dolomites.",
    "Follow the instructions on the packet and leave the dough to rest for an hour.",
    "Sie folgen uns auf Schritt und Tritt, klagte der Bürgermeister über die Reporter.",
    # ad blocker / legal words
    "Researchers found that many readers use an ad blocker on their phones.",
    "The views of the residents were heard at the meeting on Tuesday.",
    "Der Artikel wurde am Montag veröffentlicht und unter Experten heftig diskutiert.",
    "Der Text steht unter Druck, seit die Creative-Commons-Debatte begann, sagte sie.",
    "Strictly necessary cookies are those a website cannot work without, the regulator explained.",
    # meta-line words
    "On March 3, 2020 the post drew 91 comments within an hour.",
    "He asked 8 years ago whether the bridge was safe, and nobody answered.",
    "Das Video ist verfügbar bis Ende Februar, teilte der Sender mit.",
    "Startseite der Stadt und Bürgerportal wurden im Mai neu gestaltet.",
    "HomeKit works with most of the lamps we tested.",
    "Topics such as climate and housing dominated the debate.",
    "Themen wie Klima und Wohnen bestimmten die Debatte.",
    "Start the engine and let it run for a minute before you drive off.",
    "Read more from the report: the numbers are worse than expected.",
]


@pytest.mark.parametrize("line, reason", RESIDUE)
def test_generic_residue(line, reason):
    match = default_lexicon().match(line)
    if reason is None:
        assert match is None, (line, match)
    else:
        assert match is not None and match.reason == reason, (line, match)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_sentences_with_the_same_words_stay(sentence):
    assert default_lexicon().match(sentence) is None, (sentence, default_lexicon().match(sentence))


TWO_DATES = [
    ("Pubblicato il 19 Febbraio 2020 Ultima modifica 19 Febbraio 2020 12:02", "2020-02-19"),
    ("Veröffentlicht: 12.03.2021 | Aktualisiert: 13.03.2021", "2021-03-12"),
    ("Published: March 3, 2021 | Updated: March 4, 2021", "2021-03-03"),
    ("Published March 3, 2021 Updated March 4, 2021 at 10:05 a.m. EST", "2021-03-03"),
    ("Publicado el 3 de marzo de 2021 | Actualizado el 4 de marzo de 2021", "2021-03-03"),
    ("Opublikowano: 04.05.2021, aktualizacja: 05.05.2021", "2021-05-04"),
]


@pytest.mark.parametrize("line, iso", TWO_DATES)
def test_a_line_with_two_labelled_dates_is_a_labelled_dateline_of_the_first(line, iso):
    assert labelled_dateline(line)
    assert parse_dateline(line) == iso


@pytest.mark.parametrize(
    "line",
    [
        "Pubblicato il 19 Febbraio 2020 modificato ieri",
        "Der Vertrag wurde am 12.03.2021 aktualisiert: 13.03.2021",
        "Veröffentlicht: 12.03.2021 | Aktualisiert wurde der Bericht erst im Mai.",
    ],
)
def test_a_date_and_other_words_are_not_two_dates(line):
    assert not labelled_dateline(line)
    assert parse_dateline(line) is None


BODY = "The council approved the new budget on Tuesday after a long debate about school funding."
MORE = "Road works on the main street will start next month and last until the end of the summer."


def test_two_dates_after_the_body_are_residue():
    line = "Published: March 3, 2021 | Updated: March 4, 2021"
    doc = clean(f"Budget Approved\n\n{BODY}\n\n{line}\n\n{MORE}")
    assert [v.reason for v in doc.verdicts] == ["content", "content", "dateline", "content"]
