"""More ways of wanting the same thing: colloquial, questions, long-winded, terse, legalistic.

Kept apart from ``phrases_intent.py`` only for size; ``corpus.py`` uses both alike. Questions
("Wie kann ich ...?", "Können Sie ...?") matter: many real letters ask instead of declaring.
"""

MORE: dict[str, list[str]] = {
    "kuendigung": [
        "[Wie kann ich|Was muss ich tun, um|Können Sie bitte] [meinen Vertrag|den Anschluss|meine Karte] [beenden|kündigen|abbestellen|auflösen|abmelden][?|.]",
        "[Ich brauche|Wir brauchen] [den Anschluss|die Leitung|das Handy|den Vertrag] [nicht mehr|künftig nicht mehr] und [melde ihn ab|bestelle ihn ab|möchte aussteigen|will raus aus dem Vertrag].",
        "[Nach {count} Jahren|Nach langer Zeit|Schweren Herzens] [verabschiede ich mich|trenne ich mich|gehe ich] [von Ihnen|als Kunde] [und beende den Vertrag|, der Vertrag soll zum Laufzeitende enden|und lasse den Vertrag auslaufen].",
        "[Einer Verlängerung|Einer automatischen Verlängerung] [des Vertrages|] [stimme ich nicht zu|widerspreche ich], [der Vertrag soll|bitte lassen Sie den Vertrag] [zum Ende der Laufzeit enden|auslaufen|zum {date} enden].",
        "[Die Leitung|Der Anschluss|Das Festnetz] [in der alten Wohnung|in {city}|im Ferienhaus] [soll abgeschaltet werden|wird nicht mehr gebraucht|kann stillgelegt werden], [ich kündige ihn|bitte kündigen Sie ihn|bitte beenden Sie den Vertrag] [zum {date}|zum frühestmöglichen Zeitpunkt].",
        "[Teilen Sie mir bitte mit|Bitte nennen Sie mir|Ich bitte um Mitteilung], [wann mein Vertrag endet|zu welchem Datum die Kündigung wirksam wird|wann der Anschluss abgeschaltet wird], ich [kündige|habe gekündigt|will kündigen].",
        "[Ich sage|Wir sagen|Hiermit sage ich] [meinen Anschluss|den Vertrag|die Karte mit der Nummer {phone}|alle unsere Verträge] [zum {date}|zum frühestmöglichen Termin|fristgerecht] auf.",
        "[Den Anschluss|Das Festnetz|Den Handyvertrag|Die Leitung] [will ich|wollen wir|möchte ich] [aufgeben|abmelden|nicht weiterführen|stilllegen lassen] [, und zwar zum {date}|zum Laufzeitende|]. [Bis wann läuft der Vertrag noch|Bitte nennen Sie mir das Enddatum|Bitte bestätigen Sie das Vertragsende]?",
        "[Der Tarif ist mir zu teuer geworden|Ich nutze den Anschluss kaum noch|Ein anderer Anbieter ist deutlich günstiger|Mit dem neuen Preis bin ich nicht einverstanden], [deshalb kündige ich|darum beende ich|ich kündige deshalb] [den Vertrag|meinen Vertrag|das Vertragsverhältnis] [zum Ende der Laufzeit|zum {date}|fristgerecht]. [Ein Rückgewinnungsangebot brauche ich nicht|Bitte keine Rückrufe|]",
    ],
    "widerruf": [
        "[Kann ich|Darf ich|Wie kann ich] [den Vertrag|die Bestellung|den Abschluss] [von letzter Woche|vom {date}] [noch rückgängig machen|widerrufen|zurücknehmen][?|, die 14 Tage sind ja noch nicht um.]",
        "[Ich nehme|Hiermit nehme ich] [meine Zustimmung|meine Vertragserklärung|meine Bestellung] [innerhalb der Widerrufsfrist|binnen 14 Tagen|fristgerecht] zurück [und möchte den alten Vertrag behalten|, der neue Vertrag soll nicht gelten|].",
        "[Der Vertreter|Ein Verkäufer|Der Anrufer] hat mich [überrumpelt|überredet|unter Druck gesetzt]; [den Vertrag will ich nicht|ich trete von dem Vertrag zurück|ich mache das rückgängig] [, die Frist läuft noch|innerhalb der Widerrufsfrist|].",
        "[Rücktritt|Widerruf|Storno] [innerhalb der Widerrufsfrist|binnen vierzehn Tagen]: [den Auftrag|die Vertragsverlängerung|den Tarifwechsel] [vom {date}|] [will ich nicht mehr|möchte ich rückgängig machen|nehme ich zurück].",
    ],
    "rechnung_reklamation": [
        "[Warum|Wieso] [ist meine Rechnung|kostet mein Tarif] [diesen Monat|plötzlich] [so hoch|{amount} Euro mehr][?|, das kann nicht stimmen.] [Bitte prüfen Sie die Abrechnung|Ich bitte um Korrektur].",
        "[Diese Kosten|Den Betrag|Die Position] [von {amount} Euro|] [erkenne ich nicht an|akzeptiere ich nicht|zahle ich nicht], [ich habe das nie gebucht|der Dienst wurde nie genutzt|die Abrechnung ist falsch].",
        "[Bitte sperren Sie|Sperren Sie bitte] [Drittanbieter|Premium-SMS|Abodienste] und [erstatten Sie mir die berechneten {amount} Euro|nehmen Sie die Kosten von der Rechnung|schreiben Sie mir die Beträge gut].",
        "[Der Rabatt|Die vereinbarte Ermäßigung|Der Bonus] [fehlt|wurde nicht abgezogen] [auf der Rechnung für {month}|in den letzten Abrechnungen], [bitte rechnen Sie neu ab|bitte schreiben Sie mir die Differenz gut].",
        "[Sie haben|Mir wurde] [die Grundgebühr|den Monatspreis|die Anschlussgebühr] [zweimal|doppelt|zu oft] [berechnet|abgebucht|in Rechnung gestellt], [bitte buchen Sie zurück|ich verlange eine Korrektur der Rechnung].",
    ],
    "bankdaten": [
        "[Bitte|Ich möchte, dass Sie] [ab sofort|künftig|ab dem {date}] [per Lastschrift|automatisch|per Bankeinzug] [abbuchen|einziehen] [von|vom Konto] [{iban}|IBAN {iban}].",
        "[Ich entziehe Ihnen|Hiermit entziehe ich] [die Einzugsermächtigung|die Erlaubnis zur Lastschrift|das Lastschriftmandat]; [ich überweise selbst|ich zahle künftig per Überweisung].",
        "[Neues Konto|Kontowechsel|Neue Bankverbindung]: [IBAN|] {iban}, [Kontoinhaber|Inhaber] {name}. [Das alte Konto wird aufgelöst|Bitte nicht mehr vom alten Konto abbuchen|].",
        "[Wie kann ich|Kann ich] [meine Bankverbindung ändern|das Konto für die Abbuchung wechseln|auf Lastschrift umstellen][?|.] [Die neue IBAN ist {iban}.|Neues Konto: {iban}.]",
    ],
    "adressaenderung": [
        "[Wir ziehen|Ich ziehe] [nach {city}|um|in eine neue Wohnung] [, die neue Adresse lautet|. Bitte schicken Sie alles an] {street}, {zip} {city}.",
        "[Die Post|Ihre Briefe|Die Rechnungen] [kommen nicht mehr an|gehen an die alte Adresse], [bitte tragen Sie|bitte ändern Sie auf|bitte hinterlegen Sie] [meine neue Anschrift|die richtige Adresse] {street}, {zip} {city}.",
        "[Ich heiße jetzt|Mein neuer Name lautet|Nach der Scheidung trage ich wieder meinen Geburtsnamen] {surname}, [bitte ändern Sie den Namen im Vertrag|bitte stellen Sie die Rechnungen auf den neuen Namen aus].",
        "[Bitte ändern Sie|Bitte aktualisieren Sie|Bitte hinterlegen Sie] [meine Telefonnummer|meine E-Mail-Adresse|meine Kontaktdaten] [auf|:] [{email}|{phone}].",
    ],
    "rufnummernmitnahme": [
        "[Wie kann ich|Kann ich] [meine Nummer|meine Rufnummer {phone}] [zum neuen Anbieter|zu {operator}] mitnehmen[?|.] [Bitte geben Sie sie frei|Bitte veranlassen Sie die Portierung].",
        "[Meine Nummer|Die Rufnummer {phone}] [soll|muss] [beim Wechsel|zu {operator}] [erhalten bleiben|mitkommen|übertragen werden], [bitte leiten Sie die Portierung ein|bitte stimmen Sie der Mitnahme zu].",
        "[Die Portierung|Die Übertragung meiner Rufnummer|Der Anbieterwechsel mit Nummer] [wurde abgelehnt|hängt seit Wochen|klappt nicht], [bitte geben Sie die Nummer frei|die Daten stimmen angeblich nicht überein].",
    ],
    "vertragsuebernahme": [
        "[Können Sie|Kann man] [den Vertrag|den Anschluss] [auf {name}|auf meinen Mitbewohner|auf meine Frau] [umschreiben|übertragen][?|.] [Was brauchen Sie dafür|Welche Unterlagen sind nötig]?",
        "[{name}|Mein Nachmieter|Meine Tochter] [soll|wird] [den Vertrag|den Anschluss|die Rufnummer {phone}] [als neuer Inhaber|ab {date}|künftig] [führen|übernehmen|weiterführen], [ich bin einverstanden|beide haben unterschrieben].",
        "[Die Firma|Der Betrieb|Die Praxis] [wird übergeben|wurde verkauft|geht auf einen Nachfolger über], [die Verträge sollen|alle Anschlüsse sollen] [vom Nachfolger|von {company}] [übernommen werden|weitergeführt werden].",
    ],
    "sterbefall": [
        "[Mein Mann|Meine Frau|Mein Vater|Meine Mutter|Mein Sohn] [ist|war] [plötzlich|nach langer Krankheit|letzte Woche] [verstorben|von uns gegangen|gestorben], [was muss ich wegen des Vertrages tun|bitte lösen Sie den Vertrag auf|ich möchte den Vertrag übernehmen].",
        "[Der Vertragsinhaber|Die Vertragsinhaberin|Ihr Kunde] [ist verstorben|lebt nicht mehr]; [als Erbe|als Angehöriger|für die Familie] [bitte ich um Auflösung|melde ich den Anschluss ab|bitte ich um Mitteilung der nächsten Schritte].",
        "[Die Sterbeurkunde|Eine Kopie der Sterbeurkunde|Den Erbschein] [lege ich bei|schicke ich mit|finden Sie anbei]; [bitte schicken Sie die Schlussrechnung an mich|bitte stellen Sie die Abbuchungen ein|bitte beenden Sie den Vertrag des Verstorbenen].",
    ],
    "beschwerde": [
        "[So geht man nicht mit Kunden um|Das ist eine Zumutung|Ich bin fassungslos]: [Ihre Mitarbeiter|die Hotline|der Shop in {city}] [hat mich|haben mich] [falsch beraten|abgewimmelt|im Stich gelassen|angeschrien].",
        "[Seit|Schon seit] [Wochen|{days} Tagen|Monaten] [funktioniert|geht] [das Internet|der Empfang|das Telefon] [nicht richtig|kaum|nur zeitweise], [und keiner hilft|ich erwarte endlich Abhilfe|ich zahle für eine Leistung, die ich nicht bekomme].",
        "[Mein Schreiben|Meine Beschwerde|Meine Anfrage] [blieb unbeantwortet|wurde ignoriert|bekam keine Antwort]; [ich erwarte eine Stellungnahme|ich verlange eine Erklärung|ich bitte um Rückmeldung der Geschäftsleitung].",
        "[Der Techniker|Der Monteur|Ihr Servicepartner] [kam nicht|ist nicht erschienen|hat den Termin nicht eingehalten] [, schon zum {count}. Mal|, obwohl ich frei genommen hatte]. [Ich erwarte eine Entschädigung|Das ärgert mich sehr].",
    ],
    "zahlung_mahnung": [
        "[Ich kann|Ich werde] [die offene Summe|den Rückstand|die Forderung von {amount} Euro] [in Raten|in monatlichen Teilbeträgen|ab nächsten Monat] [bezahlen|abzahlen|begleichen], [bitte sperren Sie nicht|wäre das möglich]?",
        "[Die Forderung|Die angebliche Schuld|Der Betrag Ihres Inkassobüros] [von {amount} Euro|] [ist mir unerklärlich|besteht nicht|habe ich längst bezahlt], [bitte stoppen Sie das Inkasso|bitte holen Sie die Sache vom Inkassobüro zurück|bitte klären Sie das].",
        "[Ich habe|Wir haben] [aus Versehen|versehentlich] [die Rechnung|den Betrag] [zweimal überwiesen|doppelt gezahlt], [bitte erstatten Sie|bitte verrechnen Sie] [das Geld|den Betrag] [mit der nächsten Rechnung|auf mein Konto].",
        "[Die Abbuchung|Die Lastschrift] [ging zurück|wurde zurückgegeben|platzte] [, weil das Gehalt später kam|, weil das Konto leer war]; [ich habe den Betrag überwiesen|ich zahle sofort nach], [bitte keine Sperre|bitte buchen Sie wieder normal ab].",
    ],
    "geraet_retoure": [
        "[Wohin|Wie] [soll ich|kann ich] [den Router|das Leihgerät|das alte Handy] [zurückschicken|zurückgeben|senden][?|.] [Bitte schicken Sie mir ein Rücksendeetikett|Ich habe keinen Retourenschein].",
        "[Das Gerät|Mein Handy|Das Tablet] [wird heiß|startet ständig neu|flackert|hat einen Wackelkontakt] [, bitte reparieren Sie es|, ich möchte es umtauschen|, es ist noch in der Garantie].",
        "[Im Paket|In der Lieferung] [fehlte|fehlt] [das Ladekabel|die SIM-Karte|das Netzteil], [außerdem ist das Gerät beschädigt|bitte liefern Sie nach|ich möchte das Gerät zurückgeben].",
    ],
    "behoerde_recht": [
        "[Wir zeigen an|Hiermit zeigen wir an|Ich zeige an], dass [wir|ich] [{name}|Herrn {surname}|Frau {surname}] [anwaltlich vertreten|vertrete|vertreten]. [Ordnungsgemäße Bevollmächtigung wird anwaltlich versichert|Korrespondenz bitte nur über unsere Kanzlei].",
        "[Beschluss|Verfügung|Anordnung] [des Amtsgerichts|des Landgerichts|der Staatsanwaltschaft] {city}, [Aktenzeichen|Az.] {order}: [das Insolvenzverfahren wird eröffnet|Forderungen sind beim Insolvenzverwalter anzumelden|die Drittschuldnererklärung ist abzugeben].",
        "[Im Ermittlungsverfahren|In der Strafsache|Im Bußgeldverfahren] [bitten wir um|ersuchen wir um] [Auskunft über die Bestandsdaten|Herausgabe der Verkehrsdaten|Mitteilung des Anschlussinhabers] [nach § 100j StPO|gemäß StPO|binnen zehn Tagen].",
        "[Die Schlichtungsstelle|Die Bundesnetzagentur|Die Verbraucherzentrale|Das Landratsamt] [übersendet|leitet weiter] [den Schlichtungsantrag|die Eingabe|die Beschwerde] [von {name}|] [mit der Bitte um Stellungnahme|zur Stellungnahme binnen vier Wochen].",
    ],
}
