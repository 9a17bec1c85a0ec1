"""Accounts lost on development round X (private mail, business customers, letters for somebody else,
forms), as typed. Each test fails on the code before round X."""

from station.fields import extract_from_text

IBAN_OLD, IBAN_NEW = "DE64370501980123456789", "DE69370501980555666777"


def test_what_the_line_above_says_of_its_own_account_is_not_said_of_the_next():
    text = ("bisheriges Konto:   ~~DE64 3705 0198 0123 4567 89~~  (Haspa, wird aufgelöst)\n\n"
            "IBAN  | D | E | 6 | 9 | 3 | 7 | 0 | 5 | 0 | 1 | 9 | 8 | 0 | 5 | 5 | 5 | 6 | 6 | 6 | 7 | 7 | 7 |\n")
    assert extract_from_text(text).iban == IBAN_NEW


def test_a_law_firms_own_account_is_no_third_partys():
    text = ("Der Betrag wurde bereits abgebucht. Bitte erstatten Sie die doppelte Gebühr\n"
            "auf unser Kanzleikonto:\n\n    HypoVereinsbank   IBAN DE64 3705 0198 0123 4567 89\n")
    assert extract_from_text(text).iban == IBAN_OLD


def test_a_ticked_row_and_a_main_shop_that_is_no_main_line():
    text = ("  Rufnummer          Nutzer / Standort           Tarif              Aktion\n"
            "  0176 3703442       Filiale Südstadt            Business S         [X] kündigen\n"
            "  0172 7892829       Hauptgeschäft / Chef        Business L         [ ] bleibt\n"
            "  0178 7575722       Lieferwagen E-HO 214        Business S         [ ] bleibt\n")
    assert extract_from_text(text).phone_number == "+491763703442"


def test_a_repair_orders_letters_are_no_lawyer_and_our_emergency_handset_is_ours():
    text = "Kd-Nr.      1400 9601 08\nRep.-Auftr. RA-7731046\nRufnr.      0160 869 100 18  (bitte SMS wenn fertig)\n"
    assert extract_from_text(text).phone_number == "+4916086910018"
    text = ("ich war am 25.11. in Ihrem Shop in der Hauptstraße, um für unser Notfall-Handy (0174 2503859)\n"
            "eine zweite Karte zu bestellen.")
    assert extract_from_text(text).phone_number == "+491742503859"


def test_the_old_spelling_of_anschluss_labels_a_line():
    text = ("Marta Klein, Tel. 0221 495097\n\nSehr geehrte Damen und Herren,\n\n"
            "meine Nachbarin, Frau Roth, bat mich zu schreiben. Ihr Telefon geht seit Tagen nicht:\n"
            "        Anschluß 0221 347924\n")
    assert extract_from_text(text).phone_number == "+49221347924"


def test_a_relatives_number_named_as_hers_beside_the_writers_own_line():
    text = ("I asked for a voicemail PIN reset on my line +49 173 6630 9964 three times.\n"
            "My wife (her number is 0176 0143692) called too.")
    assert extract_from_text(text).phone_number == "+4917366309964"


def test_a_tax_offices_a_client_money_and_a_clubs_donation_account():
    text = ("Es wird angeordnet, dass Sie die gepfändeten Beträge an das Finanzamt zahlen, und zwar auf das\n"
            "Konto bei der Baden-Württembergischen Bank, IBAN DE64 3705 0198 0123 4567 89.")
    assert extract_from_text(text).iban is None
    assert extract_from_text("Fremdgeldkonto: Frankfurter Sparkasse, IBAN DE64 3705 0198 0123 4567 89").iban is None
    text = ("  Spendenkonto: Förderverein IGS Göttingen-Grone e.V.\n"
            "                Sparkasse Göttingen, IBAN DE64 3705 0198 0123 4567 89\n")
    assert extract_from_text(text).iban is None
