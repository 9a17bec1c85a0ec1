"""A firm that is itself the customer prints its own telephone and account on its letter paper.

Letterheads and footers of organisations are foreign by default (a lawyer's, an authority's, a
dealer's). When a firm writes about its own contracts and names nobody it writes for, its
commercial letterhead is the customer's own; professions that write for others stay foreign.
"""

from schwifty import IBAN as Iban
from stdnum import luhn

from station.fields import extract_from_text

CN = "730118264" + luhn.calc_check_digit("730118264")
FIRM = Iban.generate("DE", bank_code="76050101", account_code="0004471830").compact
NEW = Iban.generate("DE", bank_code="50010517", account_code="0648489890").compact
SPACED = " ".join(FIRM[i:i + 4] for i in range(0, len(FIRM), 4))


def _firm_letter(body: str, footer_iban: str = SPACED) -> str:
    return ("Elektro Brückner GmbH\nGewerbering 12 · 90451 Nürnberg\nTelefon 0911 6420815 · Telefax 0911 6420816\n\n"
            "Geschäftskundenservice\n\nNürnberg, 04.12.2026\n\n"
            f"Kundennummer {CN}\n\nSehr geehrte Damen und Herren,\n\n{body}\n\nMit freundlichen Grüßen\n\n"
            "i. A. Sabine Brückner\n\n\n\n"
            "Geschäftsführer: Frank Brückner · Amtsgericht Nürnberg HRB 30117 · St.-Nr. 241/118/50112\n"
            f"Bankverbindung: Sparkasse Nürnberg · IBAN {footer_iban} · BIC SSKNDE77XXX")


def test_a_firm_cancelling_its_own_contracts_gives_its_letterhead_phone_and_footer_account():
    fields = extract_from_text(_firm_letter(
        "hiermit kündigen wir unsere vier Firmenverträge zum nächstmöglichen Termin.\n"
        "Bitte bestätigen Sie uns die Kündigung schriftlich."))
    assert fields.phone_number == "+499116420815"
    assert fields.iban == FIRM
    assert fields.customer_number == CN


def test_a_firm_writing_for_its_client_keeps_its_own_paper_foreign():
    fields = extract_from_text(_firm_letter(
        "im Namen unserer Kundin, Frau Jutta Held, kündigen wir ihren Mobilfunkvertrag.\n"
        "Eine Vollmacht liegt bei. Bitte bestätigen Sie uns die Kündigung."))
    assert fields.phone_number is None
    assert fields.iban is None


def test_a_new_account_in_the_body_beats_the_old_one_on_the_firms_printed_paper():
    fields = extract_from_text(_firm_letter(
        "wir haben unsere Hausbank gewechselt. Bitte ziehen Sie die Beträge künftig von diesem Konto ein:\n"
        f"Kontoinhaber: Elektro Brückner GmbH\nIBAN: {NEW}"))
    assert fields.iban == NEW


def test_an_english_office_letter_about_its_business_lines_gives_the_letterhead_phone():
    text = ("HARBOUR METRICS GmbH\nHafenstraße 8 | 20457 Hamburg\nPhone +49 40 3095512 | VAT ID DE301122334\n\n"
            "Hamburg, 2 December 2026\n\nRe: invoice for our 8 business lines\n\nDear Billing Team,\n"
            "the invoice charges two lines twice. Please send a corrected invoice.\n\nBest regards,\nOwen Hart")
    assert extract_from_text(text).phone_number == "+49403095512"


def test_a_dealers_letterhead_account_on_a_customers_porting_form_is_not_the_customers():
    text = ("Handyladen Kessler – Inh. Ralf Kessler\nMarktplatz 3 · 34117 Kassel\n"
            "Tel. 0561 7703311 · Fax 0561 7703312\nKasseler Sparkasse · IBAN " + SPACED + "\n\n"
            "Auftrag Rufnummernmitnahme\nAnschlussinhaberin: Maria Vogt\nMitzunehmende Rufnummer: 0171 5582094\n\n"
            "Sehr geehrte Damen und Herren,\nich beauftrage Sie, meine Rufnummer zu portieren.\n"
            "Kassel, 01.12.2026    Maria Vogt")
    fields = extract_from_text(text)
    assert fields.iban is None
    assert fields.phone_number == "+491715582094"


def test_a_german_number_with_the_bracketed_trunk_zero_is_read():
    text = "Sie erreichen mich mobil unter +49 (0)176 666 133 36."
    assert extract_from_text(text).phone_number == "+4917666613336"


def test_a_sole_traders_letterhead_is_its_own_when_it_asks_to_debit_its_business_account():
    """Guard: "Inh." marks a firm's paper, which stays the customer's when the firm is the customer."""
    text = ("Blumen Adler – Inh. Nora Adler\nKirchgasse 2 · 35037 Marburg · Tel. 06421 590427\n\n"
            "Marburg, 01.12.2026\n\nBetreff: Inhaberwechsel\n\nSehr geehrte Damen und Herren,\n"
            "der Laden geht zum Jahresende an Frau Adler über. Ab Januar bitte Abbuchung vom neuen\n"
            f"Geschäftskonto IBAN {NEW}.\n\nMit freundlichen Grüßen\nNora Adler")
    fields = extract_from_text(text)
    assert fields.phone_number == "+496421590427"
    assert fields.iban == NEW


def test_a_hotel_that_is_the_customer_keeps_its_own_letterhead_number():
    text = ("Hotel Lindenhof GmbH\nBahnhofstraße 4 · 87435 Kempten\nTel. Hotel 0831 5407720 · Fax 0831 5407729\n\n"
            "Kempten, 02.12.2026\n\nSehr geehrte Damen und Herren,\nwir kündigen unsere drei Mobilfunkverträge "
            "zum Jahresende.\n\nMit freundlichen Grüßen\nH. Berger\n\n\n\n"
            "Geschäftsführer: Hans Berger · Amtsgericht Kempten HRB 7711")
    assert extract_from_text(text).phone_number == "+498315407720"


def test_a_register_court_named_after_the_register_number_is_no_court_writing():
    text = _firm_letter("hiermit kündigen wir unsere vier Firmenverträge zum nächstmöglichen Termin.").replace(
        "Amtsgericht Nürnberg HRB 30117", "HRB 30117, Registergericht: Amtsgericht Nürnberg")
    assert extract_from_text(text).iban == FIRM


def test_a_counselling_office_writing_for_a_client_keeps_its_letterhead_phone_foreign():
    text = ("Schuldner- und Insolvenzberatung Nordstadt\nHafenstr. 60 · 28757 Bremen · Tel. 0421 36177-0\n\n"
            "Unser Zeichen: SB-2026/117\n\nSehr geehrte Damen und Herren,\nHerr Albers hat uns mit seiner Beratung "
            "beauftragt (Vollmacht anbei).\nBitte lassen Sie die Forderung ruhen.\nMit freundlichen Grüßen")
    assert extract_from_text(text).phone_number is None


def test_a_sole_traders_letterhead_signed_by_its_owner_carries_her_own_numbers():
    text = ("Fußpflege Brandes · Inh. Sabine Brandes\nLange Str. 4 · 26122 Oldenburg\n"
            "Studio: 0441 920385 · Mobil: 0171 49036621\nSteuernummer 64/211/04573\n\n"
            "Sehr geehrte Damen und Herren,\nbitte schicken Sie mir für mein Handy einen Einzelverbindungsnachweis.\n\n"
            "Mit freundlichen Grüßen\nSabine Brandes")
    assert extract_from_text(text).phone_number == "+4917149036621"
