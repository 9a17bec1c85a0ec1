"""Numbers lost on development round Y (terse notes, long letters with history, organisations as
senders, English and forms), as typed. Each test fails on the code before round Y."""

from station.fields import extract_from_text

IBAN = "DE89370400440532013000"
MOBILE, OTHER = "+4917624681357", "+4915112345675"


def test_a_state_cash_office_under_its_full_name_is_a_third_party():
    text = ("Pfändungs- und Einziehungsverfügung\nGepfändet werden alle Guthaben des Schuldners.\n"
            "Zahlung an Landeshauptkasse Bremen, DE89 3704 0044 0532 0130 00,\nVerwendungszweck: Steuernummer.\n")
    assert extract_from_text(text).iban is None


def test_an_undertakers_letterhead_is_not_the_customers():
    text = ("BESTATTUNGSHAUS LINDNER  -  Hauptstraße 3  -  01099 Dresden\n"
            "Tag und Nacht: 0351 890831  -  Bankverbindung: Commerzbank, DE89 3704 0044 0532 0130 00\n\n"
            "Sehr geehrte Damen und Herren,\nim Auftrag der Witwe teilen wir mit, dass Herr Paul Weber verstorben ist.\n"
            "Kundennummer 7637474359, Rufnummer 0176 2468 1357.\n")
    fields = extract_from_text(text)
    assert fields.iban is None and fields.phone_number == MOBILE


def test_a_professional_guardians_letterhead_phone_is_not_the_wards():
    text = ("Berufsbetreuung Annett Kühn - Karl-Liebknecht-Str. 40 - 04107 Leipzig\nTel. 0341 812 96 21\n\n"
            "Betreute:  Frieda Koslowski\nHandy      0176 2468 1357\n\nBitte ändern Sie die Anschrift.\n")
    assert extract_from_text(text).phone_number == MOBILE


def test_other_lines_said_not_to_be_affected_or_to_be_gone_are_left_out():
    plural = ("Please transfer the business line 0176 2468 1357 to Ms Raman.\n"
              "P.S. Our other lines on the customer number, e.g. 01511 2345675, are not affected.\n")
    assert extract_from_text(plural).phone_number == MOBILE
    gone = ("Neue Adresse ab 1. Dezember: Kirchenweg 14a, 90419 Nürnberg\n"
            "(alt: Gibitzenhofstr. 88, Festnetz 0911 736285 - gibts nicht mehr)\n"
            "Kd.Nr. 1846 193 215     Handy 0176-2468 1357\n")
    assert extract_from_text(gone).phone_number == MOBILE


def test_a_line_that_stays_as_it_is_and_a_host_familys_landline_are_not_the_contract():
    stays = ("Ich habe Handyvertrag mit Nummer 0176 2468 1357 und mein Sohn soll ihn übernehmen.\n"
             "Er hat auch eine eigene Handy bei Ihnen, 01511 2345675, das bleibt wie es ist.\n")
    assert extract_from_text(stays).phone_number == MOBILE
    host = ("Please cancel my contract for my mobile number 0176 2468 1357 at the end of March.\n"
            "Until I leave you can also reach me through my host family, the Bauers, on their\n"
            "landline 06221 300847.\n")
    assert extract_from_text(host).phone_number == MOBILE


def test_the_contract_a_letter_names_beats_the_senders_own_telephone():
    cover = ("  Von:       Friseursalon Yilmaz, Inh. Ayse Yilmaz        Tel.: 0211 6580062\n"
             "  Betreff:   Mahnung - Zahlungsnachweis\n\n"
             "  wegen angeblich offener 86,90 EUR für meinen Handyvertrag 0176 2468 1357.\n")
    assert extract_from_text(cover).phone_number == MOBILE
    ported = ("   Number to be ported:      0176 2468 1357\n   Current provider:         FunkNord Mobil GmbH\n\n"
              "If anything is missing, please call me directly on my mobile 01511 2345675.\n")
    assert extract_from_text(ported).phone_number == MOBILE


def test_an_item_of_a_list_starts_its_own_clause():
    text = ("Ich zahle da gar nichts. Bitte:\n - ziehen Sie die Forderung beim Inkassobüro sofort zurück,\n"
            " - erstatten Sie mir die doppelte Zahlung auf mein Konto bei der Commerzbank:\n"
            "   DE89 3704 0044 0532 0130 00 (das ist auch das Konto für die Lastschrift),\n")
    assert extract_from_text(text).iban == IBAN


def test_the_account_named_for_debits_or_money_back_a_few_lines_up_wins():
    debits = ("  3. ab Januar wieder per Lastschrift abzubuchen, und zwar vom Konto des Betreuten, das\n"
              "     ich jetzt verwalte:\n        Kontoinhaber: Marcel Gutzeit\n"
              "        Commerzbank, IBAN DE89 3704 0044 0532 0130 00\n\n"
              "Bitte beachten Sie mein Vergütungskonto (ING, DE17 5001 0517 6319 1925 41) hierbei nicht.\n")
    assert extract_from_text(debits).iban == IBAN
    credit = ("Die zuviel eingezogenen 21,00 EUR (November)\n"
              "schreiben Sie bitte unserem Praxiskonto gut: Commerzbank, IBAN DE89 3704 0044 0532 0130 00.\n\n"
              "Mit freundlichen Grüßen\nSonja Lührs\n\n"
              "Privatliquidation über: ZA-Abrechnungsstelle, ING IBAN DE17 5001 0517 6319 1925 41\n")
    assert extract_from_text(credit).iban == IBAN


def test_customer_number_labels_shared_with_another_number_or_misread():
    assert extract_from_text("Kunden-/Vertragsnummer: 9616616133\nName: Ilse Brandt").customer_number == "9616616133"
    text = "Kundennumner:\t3648039190\nMein Mann (seine Kundennummer ist 2388074888) bleibt bei Ihnen."
    assert extract_from_text(text).customer_number == "3648039190"


def test_a_form_boxs_rules_read_as_digits_around_a_phone_number_are_dropped():
    assert extract_from_text("Rufnummer(n):\t10160 691 3582 |\nName: X").phone_number == "+491606913582"


def test_a_craftsmans_own_customers_do_not_make_him_write_for_somebody_else():
    text = ("Seit drei Tagen ist mein Anschluss gesperrt. Zum DRITTEN mal: meine Handynummer 0176 2468 1357\n"
            "ist meine Firmennummer. Ich habe mir eine Prepaid-Karte gekauft (01511 2345675), aber die Nummer\n"
            "hat ja keiner von meinen Kunden.\n")
    assert extract_from_text(text).phone_number == MOBILE


def test_the_contract_line_named_by_vertrag_or_my_line_beats_other_numbers():
    contract = ("Ihre Werbeanrufe auf meinem Festnetz an 0421 206640 (das ist bei der Telekom) nerven.\n"
                "KNr. 75459-21152, Vertrag: 0176 2468 1357\n")
    assert extract_from_text(contract).phone_number == MOBILE
    line = ("The number on my display was 0228 2283367. He offered me a free upgrade for my\n"
            "line 0176 2468 1357 and I said I would think about it.\n")
    assert extract_from_text(line).phone_number == MOBILE


def test_a_line_said_not_to_run_with_us_is_not_the_contract():
    text = "Kd-Nr 2428732883\nmeine 0176 2468 1357 / seine 01511 2345675 (läuft bei Ihnen nicht)\n"
    assert extract_from_text(text).phone_number == MOBILE


def test_a_customer_number_of_the_past_or_another_one_is_not_the_current():
    old = ("Kundennummer:     785 0376 307\nRufnummer:        0176 2468 1357\n\nSehr geehrte Damen und Herren,\n"
           "ich bin seit 2021 bei Ihnen, erst mit Prepaid (damals \"Kunden-ID\" 3138192210), seit 2023 mit Vertrag.\n")
    assert extract_from_text(old).customer_number == "7850376307"
    other = ("Kundennummer 4022913877 - Gebühr auf Rechnung 2026-11-0961045\n\nBis zur Vertragsverlängerung 2024 lief "
             "das bei Ihnen\nunter einer anderen Kundennummer, 4597660143. Vielleicht ist das Gerät dort verbucht.\n")
    assert extract_from_text(other).customer_number == "4022913877"


def test_two_accounts_side_by_side_in_a_framed_table_stay_two():
    text = ("+--------------------------------------+--------------------------------------+\n"
            "| ALT (bitte ab sofort nicht mehr)     | NEU (ab nächster Rechnung)           |\n"
            "| ING                                  | Commerzbank                          |\n"
            "| DE17 5001 0517 6319 1925 41          | DE89 3704 0044 0532 0130 00          |\n"
            "+--------------------------------------+--------------------------------------+\n")
    assert extract_from_text(text).iban == IBAN


def test_a_row_named_only_for_information_is_out_of_the_table():
    text = ("bitte ich um Auskunft über die Bestandsdaten zu folgendem Anschluss:\n\n"
            "  Rufnummer              Rolle im Verfahren            Zeitraum\n"
            "  0176 2468 1357         Anschluss des Tatverdächtigen  12.11.2026 - 14.11.2026\n"
            "  0231 3028561           Anschluss der Geschädigten    (nur zur Information, keine Auskunft)\n")
    assert extract_from_text(text).phone_number == MOBILE


def test_the_row_marked_unlike_the_others_even_when_a_remark_adds_a_cell():
    text = ("   Anschluss             Verwendung            Betrag       Anmerkung\n"
            "   0172 2054354          Direktion              39,99        ok\n"
            "   0176 2468 1357        Hausdamen-Handy       298,90        STRITTIG, s. u.\n"
            "   0162 4780245          Haustechnik            34,99        ok\n"
            "   0201 233233 (Fwd.)    Weiterleitung Essen    38,99        ok\n")
    assert extract_from_text(text).phone_number == MOBILE


def test_another_phone_companys_service_line_is_no_row_of_the_customers():
    text = ("   0160 2604815      Managing Director      stays with Lumen\n"
            "   0176 2468 1357    I. Solberg             PORT to new provider\n"
            "   0160 2256886      Pool phone (IT)        stays with Lumen\n\n"
            "The new provider (service line 0341 1558821) will send you the porting request.\n")
    assert extract_from_text(text).phone_number == MOBILE


def test_an_offices_short_note_keeps_its_own_footer_and_gives_the_customers_values():
    """A tax office's fax a customer sends from work: the office's bank in the last line is the office's.
    A line of bare values under an undertaker's heading is the letter's reference, not printed paper."""
    office = ("Steuerberatung Fehr & Partner  -  Zweigstelle Leipzig 0341 36522881\n\n\n\n"
              "Sehr geehrte Damen und Herren,\nich habe geheiratet und heiße jetzt Schulte-Ferreira.\n"
              "Ich faxe aus meinem Büro, Antwort bitte per Post an die neue Anschrift.\n\n"
              "Jana Schulte-Ferreira\n\n\n\n"
              "Steuerberatung Fehr & Partner mbB - Berliner Volksbank - IBAN DE51 1009 0000 3616 7735 16\n")
    assert extract_from_text(office).iban is None


# --- from round X read through OCR: a power of attorney in English, a mobile line in a Re line ---------

POA = ("Helen Dragunova\nBoxhagener Straße 77\n10245 Berlin\ntel. 030 5930002\n\nLumen Mobilfunk GmbH\n\n"
       "Dear Sir or Madam,\n\n"
       "I hold a power of attorney for my mother, Mrs Vera Dragunova, whose mobile number with you is\n"
       "0173 156 922 57. Up to now, your monthly bills for her contract have been debited from MY\n"
       "account:\nHelen Dragunova, Berliner Sparkasse, DE10 1005 0000 2087 1008 59\n"
       "My mother now receives her pension into her own account again, so from the December bill\n"
       "onwards please debit her account instead:\nAccount holder:  Vera Dragunova\n"
       "IBAN:  DE54 1001 0010 9333 5257 23\n\nKind regards,\nHelen Dragunova\n")


def test_a_power_of_attorney_in_english_makes_the_writers_own_account_and_phone_not_the_customers():
    fields = extract_from_text(POA)
    assert (fields.phone_number, fields.iban) == ("+4917315692257", "DE54100100109333525723")


def test_a_mobile_line_named_in_a_lawyers_re_line_is_the_clients():
    text = ("HALBACH & PRICE Rechtsanwälte LLP\nBahnhofstraße 29, 66111 Saarbrücken\n"
            "T +49 681 34560809   M (Dr. Price) +49 179 7215617\n\nLumen Mobilfunk GmbH\n\n"
            "Re: Our client Ms Anna Kovač - account no. 2004300915 - mobile line +49 162 5022166\n\n"
            "Dear Sirs,\n\nWe act for Ms Kovač. A power of attorney is enclosed. Our client's line was\n"
            "suspended on 14 November 2026 without prior notice.\n\nYours faithfully\n\nDr. Jonathan Price\n")
    assert extract_from_text(text).phone_number == "+491625022166"
