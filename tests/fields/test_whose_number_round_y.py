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
