"""Everything around the intent: side remarks, attachments, letter framing and the 'other' mail.

Side remarks mention other topics in passing (a new address in a cancellation, a transfer slip in a
bill dispute) without changing what the sender wants; they are mixed into letters of every type,
so the model learns that the intent decides, not the words that appear.
"""

SIDE: dict[str, list[str]] = {
    "address": [
        "Bitte senden Sie [die Bestätigung|Ihre Antwort|die Schlussrechnung] an meine neue Anschrift: {street}, {zip} {city}.",
        "[Übrigens|Nebenbei|Zur Info]: ich bin [umgezogen|verzogen], die neue Adresse ist {street}, {zip} {city}.",
        "Meine [aktuelle|neue] Adresse finden Sie oben im Briefkopf.",
    ],
    "bank": [
        "[Ein eventuelles Guthaben|Eine Gutschrift|Das Restguthaben] überweisen Sie bitte auf [mein Konto|das Konto] {iban}.",
        "Die Abbuchung erfolgt [wie bisher|weiterhin] von meinem Konto {iban}.",
        "[Eine Kopie des Überweisungsträgers|Der Überweisungsbeleg|Ein Kontoauszug] liegt [zur Information|] bei.",
    ],
    "number": [
        "Für Rückfragen erreichen Sie mich unter {phone}.",
        "Meine Rufnummer {phone} [soll nicht verloren gehen|ist davon nicht betroffen].",
        "[Tagsüber|Abends] bin ich unter {phone} erreichbar.",
    ],
    "bill": [
        "Die letzte Rechnung [vom {date}|für {month}] habe ich [bereits bezahlt|wie immer bezahlt].",
        "Eine Schlussrechnung [schicken Sie bitte|senden Sie bitte] an [mich|die obige Adresse].",
    ],
    "device": [
        "Den Router [schicke ich|sende ich] [nach Vertragsende|separat] zurück.",
        "Das Handy [behalte ich|ist bezahlt].",
    ],
    "complaint": [
        "[Leider|Ehrlich gesagt] war ich mit [dem Service|dem Netz] [nicht immer zufrieden|zuletzt unzufrieden].",
        "Die Hotline war [leider|wie so oft] nicht erreichbar, deshalb schreibe ich.",
    ],
    "confirm": [
        "Bitte bestätigen Sie mir [den Eingang|den Erhalt] dieses Schreibens [schriftlich|per Post|per E-Mail].",
        "Für eine [kurze|schriftliche] Bestätigung wäre ich dankbar.",
        "[Vielen Dank|Danke] für [Ihre Mühe|die Bearbeitung|Ihr Verständnis].",
        "Bitte rufen Sie mich [deswegen|] nicht an, ich möchte eine schriftliche Antwort.",
    ],
    # Contract terms come up in letters of every kind, so they must not point to any one type.
    "term": [
        "[Mein Vertrag|Der Vertrag|Der Anschluss] [läuft noch bis {date}|hat eine Mindestlaufzeit bis zum {date}|läuft seit {date}|besteht seit {count} Jahren].",
        "[Ich bin seit {count} Jahren Kunde|Den Vertrag habe ich im {month} abgeschlossen|Die Mindestlaufzeit ist schon vorbei|Die Mindestlaufzeit ist längst vorbei].",
    ],
    # The contract goes on: words of contract terms in letters that do not end one.
    "contract": [
        "[Mein Vertrag|Der Vertrag] [läuft noch bis {date}|hat eine Mindestlaufzeit bis {date}|läuft wie gehabt weiter|bleibt unverändert bestehen].",
        "[Vertragsdauer und Preis|Laufzeit und Monatspreis|Mein Tarif {tariff}] [bleiben|sollen bleiben|bleibt] [wie bisher|unverändert].",
    ],
    "billing_ok": [
        "[Die Abrechnung|Die Rechnung] für den [laufenden|letzten] Abrechnungszeitraum [ist in Ordnung|habe ich bezahlt|kam pünktlich].",
        "Mit [meinen Rechnungen|der Abbuchung|den monatlichen Kosten] [bin ich einverstanden|ist alles in Ordnung].",
    ],
    # Courtesy and small talk belong to no type: every kind of letter has them.
    "courtesy": [
        "[Eine kurze schriftliche Antwort genügt mir|Danke für Ihre Auskunft|Vielen Dank für Ihre Mühe|Danke im Voraus].",
        "[Die Hotline konnte mir leider nicht weiterhelfen|Am Telefon bin ich nicht durchgekommen|Mein Enkel hilft mir beim Schreiben], [deshalb dieser Brief|darum schreibe ich Ihnen|].",
        "[Sonst bleibt alles beim Alten|Alles andere bleibt, wie es ist|Ich habe keinen Computer, bitte antworten Sie per Post].",
        "[Bitte schicken Sie mir die Unterlagen per Post|Bitte antworten Sie mir schriftlich|Sie erreichen mich auch per E-Mail unter {email}].",
    ],
    # Life around the letter: real writers tell it whatever they want, so it must not decide a type.
    "story": [
        "[Ich bin Rentnerin und lebe allein|Mein Mann und ich sind beide über achtzig|Wir sind eine Familie mit drei Kindern|Ich bin Student und habe nicht viel Geld|Ich arbeite im Schichtdienst].",
        "[Seit meiner Operation|Seit dem Frühjahr|Seit unser Sohn ausgezogen ist|Seit ich in Rente bin] [bin ich viel zu Hause|ist bei uns einiges anders|komme ich kaum noch aus dem Haus|habe ich mehr Zeit für Papierkram].",
        "[Mein Sohn|Meine Nachbarin|Meine Tochter|Ein Bekannter] hat mir [gesagt|geraten|erklärt], dass ich [Ihnen schreiben soll|das schriftlich machen muss|mich direkt an Sie wenden kann].",
        "[Ich bin beruflich viel unterwegs|Wir waren {count} Wochen im Urlaub|Ich war lange im Krankenhaus|Wir hatten viel um die Ohren] und [komme erst jetzt dazu|konnte mich nicht früher melden|habe Ihren Brief erst jetzt gelesen].",
    ],
    # Threatening to leave is not leaving: the letter is still a complaint or a dispute.
    "threat": [
        "[Sollte sich nichts ändern|Wenn das so weitergeht|Wenn ich bis zum {date} nichts höre], [werde ich kündigen|überlege ich mir eine Kündigung|wechsle ich zu {operator}].",
        "[Eigentlich|Ehrlich gesagt] [wollte ich schon kündigen|habe ich schon an Kündigung gedacht], [aber ich gebe Ihnen noch eine Chance|doch ich bin seit Jahren Kunde].",
    ],
}

# Which side remarks may accompany which intent (a remark must not *be* the other intent).
SIDE_FOR = {
    "kuendigung": ["address", "bank", "number", "bill", "device", "complaint", "confirm", "term", "courtesy", "story"],
    "widerruf": ["address", "bank", "device", "confirm", "term", "courtesy", "story"],
    "rechnung_reklamation": ["bank", "number", "address", "complaint", "confirm", "contract", "threat", "term", "courtesy", "story"],
    "bankdaten": ["address", "number", "confirm", "contract", "billing_ok", "term", "courtesy", "story"],
    "adressaenderung": ["number", "bank", "confirm", "contract", "billing_ok", "term", "courtesy", "story"],
    "rufnummernmitnahme": ["address", "bill", "confirm", "term", "courtesy", "story"],
    "vertragsuebernahme": ["address", "bank", "number", "confirm", "term", "contract", "courtesy", "story"],
    "sterbefall": ["address", "bank", "bill", "device", "confirm", "term", "courtesy", "story"],
    "beschwerde": ["number", "address", "bill", "confirm", "contract", "threat", "term", "courtesy", "story"],
    "zahlung_mahnung": ["bank", "number", "address", "confirm", "contract", "term", "courtesy", "story"],
    "geraet_retoure": ["address", "number", "confirm", "contract", "billing_ok", "term", "courtesy", "story"],
    "behoerde_recht": ["bank", "confirm", "story"],
    "sonstiges": ["number", "address", "confirm", "bill", "contract", "billing_ok", "term", "courtesy", "story"],
}

ATTACHMENTS: dict[str, list[str]] = {
    "transfer_slip": [
        "SEPA-Überweisung/Zahlschein\nAngaben zum Zahlungsempfänger: Name\n{operator_company}\nIBAN {own_iban}\nBIC {bic}\nBetrag: Euro {amount}\nKunden-Referenznummer - Verwendungszweck\nKd.Nr. {cn} Rechnung {month}\nAngaben zum Kontoinhaber/Zahler: {name}\nIBAN {iban}\nDatum {date} Unterschrift",
    ],
    "death_certificate": [
        "Sterbeurkunde\nStandesamt {city} Nr. {order}\n{name}\nist am {date} in {city} verstorben.\nGeboren am {birth} in {city2}\nDiese Urkunde ist gebührenfrei. Beglaubigt {city}, den {date}\nDer Standesbeamte",
    ],
    "court": [
        "Amtsgericht {city}\nBeschluss\nIn dem Verfahren {company} ./. {name}\nAz. {order}\nwird angeordnet, dass ...\nDer Rechtspfleger\nAusgefertigt {date}",
    ],
    "invoice": [
        "Ihre Rechnung\nRechnungsnummer {invoice}\nRechnungsdatum {date}\nKundennummer {cn}\nMonatliche Grundgebühr {tariff} {amount2} EUR\nVerbindungen {amount} EUR\nDrittanbieterleistungen\nGesamtbetrag {amount} EUR\nDer Betrag wird von Ihrem Konto abgebucht.",
    ],
    "id_copy": ["Kopie Personalausweis\nBUNDESREPUBLIK DEUTSCHLAND\nPERSONALAUSWEIS\nName {surname}\nGültig bis {date}"],
    "form": [
        "Formular Vertragsübernahme\nBisheriger Inhaber: {name2}\nNeuer Inhaber: {name}\nRufnummer {phone}\nUnterschrift alter Inhaber\nUnterschrift neuer Inhaber",
        "Anbieterwechselauftrag\nabgebender Anbieter {operator}\nRufnummer {phone}\nKundennummer {cn}\nDatum {date} Unterschrift",
        "SEPA-Lastschriftmandat\nGläubiger-Identifikationsnummer DE98ZZZ09999999999\nKontoinhaber {name}\nIBAN {iban}\nOrt, Datum, Unterschrift",
    ],
}

# Attachments that plausibly come with each intent ("Anlage: ...").
ATTACH_FOR = {
    "kuendigung": ["id_copy", "invoice", "transfer_slip"],
    "widerruf": ["invoice", "form"],
    "rechnung_reklamation": ["invoice", "transfer_slip"],
    "bankdaten": ["form", "transfer_slip"],
    "adressaenderung": ["id_copy", "invoice"],
    "rufnummernmitnahme": ["form", "invoice"],
    "vertragsuebernahme": ["form", "id_copy"],
    "sterbefall": ["death_certificate", "invoice", "court", "transfer_slip"],
    "beschwerde": ["invoice", "transfer_slip"],
    "zahlung_mahnung": ["transfer_slip", "invoice"],
    "geraet_retoure": ["invoice", "form"],
    "behoerde_recht": ["court", "invoice"],
    "sonstiges": [],
}

SUBJECTS = {
    "kuendigung": ["Kündigung", "Kündigung meines Vertrages", "Vertragskündigung", "Kündigung Kd.-Nr. {cn}", "Beendigung des Vertrags"],
    "widerruf": ["Widerruf", "Widerruf des Vertrages vom {date}", "Widerruf meiner Bestellung", "Widerrufserklärung"],
    "rechnung_reklamation": ["Reklamation Rechnung", "Einspruch gegen Rechnung {invoice}", "Falsche Rechnung", "Rechnung {month}"],
    "bankdaten": ["Neue Bankverbindung", "Änderung der Bankdaten", "SEPA-Mandat", "Widerruf Lastschriftmandat", "Kontoänderung"],
    "adressaenderung": ["Adressänderung", "Umzug", "Neue Anschrift", "Namensänderung", "Änderung meiner Daten"],
    "rufnummernmitnahme": ["Rufnummernmitnahme", "Portierung {phone}", "Anbieterwechsel", "Mitnahme meiner Nummer"],
    "vertragsuebernahme": ["Vertragsübernahme", "Inhaberwechsel", "Übertragung des Vertrages"],
    "sterbefall": ["Sterbefall", "Tod des Vertragsinhabers", "Vertrag meines verstorbenen Mannes", "Nachlassangelegenheit"],
    "beschwerde": ["Beschwerde", "Beschwerde über Ihren Service", "Unzumutbarer Service", "Netzprobleme"],
    "zahlung_mahnung": ["Ihre Mahnung vom {date}", "Ratenzahlung", "Zahlungserinnerung", "Bitte um Stundung"],
    "geraet_retoure": ["Reparatur", "Rücksendung Router", "Garantiefall", "Retoure", "SIM-Karte nicht erhalten"],
    "behoerde_recht": ["Az. {order}", "In Sachen {name}", "Insolvenzverfahren {name}", "Pfändungsbeschluss", "Auskunftsersuchen"],
    "sonstiges": ["Anfrage", "Information", "Ihr Schreiben", "Werbung", "Frage", "Bewerbung", "Tarifwechsel",
                  "Zusatzoption", "Auskunft nach Art. 15 DSGVO", "Löschung meiner Daten", "Datenschutz",
                  "Frage zu meinem Vertrag", "Vertragsverlängerung", "Rechnungskopie", "Vielen Dank", "Ihr Angebot",
                  "Presseanfrage", "Einladung", "Ihr Schreiben vom {date}", "Kd.-Nr. {cn}"],
}

# Mail that belongs to none of the types: the model must learn that these are "sonstiges".
OTHER_BODIES = [
    "[Ich interessiere mich|Wir interessieren uns] für [Ihre Tarife|ein neues Smartphone|einen Glasfaseranschluss|Ihr Angebot für Familien]. [Bitte schicken Sie mir Informationsmaterial|Können Sie mir ein Angebot machen|Welche Tarife gibt es für Senioren]?",
    "[Hiermit bewerbe ich mich|Ich bewerbe mich] [um eine Ausbildungsstelle|auf die Stelle als Kaufmann im Einzelhandel|um ein Praktikum] in Ihrem Unternehmen. [Meinen Lebenslauf finden Sie anbei|Zeugnisse liegen bei].",
    "[Vielen Dank|Herzlichen Dank] für [die schnelle Hilfe|die freundliche Beratung im Shop|das Geschenk zum Jubiläum]. [Ich bin sehr zufrieden|Weiter so|Das wollte ich einmal loswerden].",
    "[Dieser Brief|Das beiliegende Schreiben] [wurde versehentlich an mich geschickt|ist nicht für mich bestimmt|kam bei uns an], [der Empfänger wohnt hier nicht|bitte leiten Sie ihn weiter|ich sende ihn zurück].",
    "[Wir laden Sie herzlich ein|Einladung] zu [unserem Sommerfest|der Eröffnung unserer Filiale|einem Informationsabend] am {date}. [Wir freuen uns auf Ihren Besuch|Um Antwort wird gebeten].",
    "[Sonderangebot|Nur diese Woche|Jetzt zugreifen]: [Druckerpatronen|Büromaterial|Kaffeemaschinen] [zum halben Preis|mit 30 % Rabatt|kostenlos testen]! [Bestellen Sie unter {phone}|Besuchen Sie unseren Shop].",
    "[Wie lautet|Können Sie mir sagen, wie] [die PUK meiner SIM-Karte|das Passwort für das Kundenportal|die Adresse Ihres nächsten Shops|die Öffnungszeiten Ihrer Filiale] [ist|lautet]? [Ich finde es nicht|Danke im Voraus].",
    "[Unser Verein|Die Grundschule {city}|Der Sportverein] [bittet um eine Spende|sucht Sponsoren|sammelt für ein neues Projekt]. [Über Ihre Unterstützung würden wir uns freuen|Spendenquittung auf Wunsch].",
    "[Siehe Anlage|siehe Anlage|Anbei wie besprochen|Wie telefonisch besprochen anbei die Unterlagen|s. Anlage].",
    "[Zur Kenntnisnahme|Zu Ihren Akten|Mit der Bitte um Bearbeitung|Unterlagen wie gewünscht zurück|Anbei zurück|Zur weiteren Veranlassung][.|!|]",
    "[Ich habe eine Frage zu meinem Tarif|Wie viel Datenvolumen habe ich noch|Kann ich meinen Tarif wechseln], [bitte rufen Sie mich zurück|bitte melden Sie sich|ich warte auf Ihre Nachricht].",
    "[Bitte senden Sie mir|Ich hätte gerne] [eine Kopie meines Vertrages|die Vertragsunterlagen|eine Übersicht meiner Verträge|eine Bescheinigung für das Finanzamt] [zu|per Post|für meine Unterlagen].",
]

OTHER_BODIES += [
    "[Nach Artikel 15 DSGVO|Gemäß Datenschutzgrundverordnung] [bitte ich um Auskunft|möchte ich wissen], welche Daten Sie über mich gespeichert haben.",
    "[Ich widerspreche|Bitte unterlassen Sie] [der Nutzung meiner Daten für Werbung|Werbeanrufe|Werbebriefe]. [Schicken Sie mir keine Prospekte mehr|Danke].",
    "[Unsere Gemeinde|Der Seniorentreff|Die Kita Sonnenschein] [informiert|lädt ein] [über das Programm im Herbst|zum Tag der offenen Tür am {date}|zum Basar]. [Alle sind willkommen|Eintritt frei].",
    "[Anbei erhalten Sie|Wir übersenden Ihnen] [unseren neuen Katalog|die Preisliste {month}|unser Angebot für Reinigungsdienste]. [Für Rückfragen stehen wir gern zur Verfügung|Wir freuen uns auf Ihren Auftrag].",
    "[Gibt es|Haben Sie] [einen Tarif mit mehr Datenvolumen|ein günstiges Angebot für meine Enkelin|ein Handy mit großen Tasten]? [Ich würde gern vorbeikommen|Bitte informieren Sie mich].",
    "[Das Kundenmagazin|Die Zeitschrift|Der Newsletter] [kommt doppelt|interessiert mich nicht|soll an meinen Nachbarn gehen]. [Vielen Dank|Bitte berücksichtigen].",
    "[Wir haben|Ich habe] [ein Paket|einen Brief|Unterlagen] für [einen Herrn {surname}|Ihre Firma|Ihren Nachbarn] erhalten, [der hier nicht wohnt|das nicht für uns ist]. [Es liegt bei|Bitte holen Sie es ab].",
]

from station.classify.phrases_other import OTHER_MORE  # noqa: E402  (kept apart for size)

# The narrow corpus knows only these kinds of other mail; the broad one all of them (see train.py).
OTHER_NARROW = len(OTHER_BODIES)
OTHER_BODIES += OTHER_MORE
# Side remarks only the broad corpus mixes in: topic words that must not decide a type.
BROAD_SIDES = frozenset({"term", "contract", "billing_ok", "threat", "courtesy", "story"})

FOREIGN = [
    "Dear Sir or Madam, please find enclosed the documents you requested. Kind regards",
    "Madame, Monsieur, veuillez trouver ci-joint les documents demandés. Cordialement",
    "Sayın yetkili, ekte istediğiniz belgeleri bulabilirsiniz. Saygılarımla",
    "Szanowni Państwo, w załączeniu przesyłam dokumenty. Z poważaniem",
    "Gentile cliente, in allegato trova la documentazione richiesta. Distinti saluti",
    "Estimados señores, adjunto les envío los documentos solicitados. Atentamente",
    "Prezados senhores, segue em anexo a documentação solicitada. Atenciosamente",
    "Stimată doamnă, stimate domn, vă trimit alăturat documentele cerute. Cu stimă",
    "Poštovani, u prilogu vam šaljem tražene dokumente. Srdačan pozdrav",
    "Уважаемые дамы и господа, прошу расторгнуть договор. С уважением",
    "I would like to change my address and my bank account, please call me back. Best wishes",
    "Please cancel the order we placed last week and confirm by email. Thanks",
    "Hello, my phone is broken and I need help with the invoice. Regards",
]
