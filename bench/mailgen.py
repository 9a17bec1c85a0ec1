"""Mail for the end-to-end run and the soak: letters the classifier's corpus never produced.

Deliberately separate from ``station.classify.corpus`` (other people, other places, other
wordings, written by another hand), so that figures measured on this mail say something about
letters the station has never seen. Every letter carries its ground truth: type and index fields.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from schwifty import IBAN

FIRST = ["Irmgard", "Volker", "Selin", "Dragan", "Henrike", "Bartholomäus", "Yvonne", "Kemal", "Ottilie",
         "Rüdiger", "Anastasia", "Jens-Uwe", "Mirela", "Konstantin", "Edeltraud", "Pascal", "Svenja", "Hasan"]
LAST = ["Brinkhoff", "Oltmanns", "Yilmaz-Krause", "Pavlović", "Zimmerhackl", "Quandt", "Rademacher",
        "Szymański", "Ellerbrock", "Wunderlich", "Tebbe", "Gröneveld", "Hinrichsen", "Kowalczyk", "Lüdtke"]
STREETS = ["Am Sielhof", "Krummer Weg", "Lindenallee", "Ziegeleistraße", "Auf der Heide", "Mühlenkamp",
           "Rosenstraße", "Wiesengrund", "Hafenstraße", "Kirchplatz"]
CITIES = [("26789", "Leer"), ("94032", "Passau"), ("07743", "Jena"), ("56068", "Koblenz"),
          ("24937", "Flensburg"), ("79098", "Freiburg"), ("39104", "Magdeburg"), ("66111", "Saarbrücken")]
BANKS = ["37040044", "50010517", "20041111", "70020270", "10010010"]


def luhn_number(rng: random.Random) -> str:
    """A 10-digit customer number whose last digit is its Luhn check digit."""
    body = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
    total = 0
    for i, d in enumerate(reversed(body)):
        d = d * 2 if i % 2 == 0 else d
        total += d - 9 if d > 9 else d
    return "".join(map(str, body)) + str((10 - total % 10) % 10)


def mobile_number(rng: random.Random) -> tuple[str, str]:
    """(as written, E.164) for a German mobile number."""
    prefix = rng.choice(["0151", "0160", "0170", "0176", "0157", "0162"])
    rest = "".join(str(rng.randint(0, 9)) for _ in range(7 if prefix in ("0160", "0170") else 8))
    written = rng.choice([f"{prefix} {rest}", f"{prefix}/{rest}", f"{prefix}-{rest[:3]} {rest[3:]}"])
    return written, "+49" + prefix[1:] + rest


def iban(rng: random.Random) -> IBAN:
    account = "".join(str(rng.randint(0, 9)) for _ in range(10))
    return IBAN.generate("DE", bank_code=rng.choice(BANKS), account_code=account)


def grouped(number: str, rng: random.Random) -> str:
    return rng.choice([number, f"{number[:4]} {number[4:7]} {number[7:]}", f"{number[:4]}-{number[4:]}"])


# Bodies per class. {cn} customer number as written, {tel} phone as written, {iban} IBAN as written,
# {d} a date, {addr} a new address. Written for this generator only.
BODIES: dict[str, list[str]] = {
    "kuendigung": [
        "ich möchte meinen Mobilfunkvertrag zum nächstmöglichen Zeitpunkt beenden. Bitte bestätigen Sie mir "
        "schriftlich, zu welchem Datum die Beendigung wirksam wird.",
        "da ich ab dem Frühjahr dauerhaft in Portugal lebe, beende ich hiermit meinen Vertrag für die Nummer "
        "{tel}. Meine künftige Anschrift lautet {addr}. Senden Sie die Bestätigung bitte dorthin.",
        "nach reiflicher Überlegung sage ich den Vertrag fristgerecht auf. Eine Rückgewinnung per Telefon "
        "wünsche ich ausdrücklich nicht.",
    ],
    "widerruf": [
        "den am {d} im Internet geschlossenen Vertrag widerrufe ich innerhalb der gesetzlichen Frist von "
        "vierzehn Tagen. Das Gerät sende ich originalverpackt zurück.",
        "hiermit mache ich von meinem Widerrufsrecht Gebrauch. Der Vertrag wurde mir an der Haustür "
        "aufgedrängt, ich möchte ihn nicht.",
    ],
    "rechnung_reklamation": [
        "auf meiner letzten Abrechnung finden sich Posten für Premiumdienste, die ich nie bestellt habe. "
        "Ich bitte um Prüfung und Gutschrift des Betrages von 29,97 Euro.",
        "die Rechnung vom {d} ist mir unverständlich: Es werden Verbindungen im Ausland berechnet, obwohl ich "
        "in diesem Zeitraum zu Hause war. Ich widerspreche diesen Kosten.",
        "der abgebuchte Betrag stimmt nicht mit dem vereinbarten Tarif überein. Bitte korrigieren Sie die "
        "Abrechnung und erstatten Sie die Differenz.",
    ],
    "bankdaten": [
        "meine Bankverbindung hat sich geändert. Bitte buchen Sie die monatlichen Beträge künftig von folgendem "
        "Konto ab: IBAN {iban}. Das neue SEPA-Lastschriftmandat liegt unterschrieben bei.",
        "ab sofort lautet mein Konto für die Lastschrift IBAN {iban}. Das alte Konto wird aufgelöst.",
    ],
    "adressaenderung": [
        "wir sind umgezogen. Bitte senden Sie alle Schreiben ab sofort an {addr}. Vertrag und Tarif bleiben "
        "unverändert.",
        "durch meine Heirat hat sich mein Nachname geändert. Bitte passen Sie Ihre Unterlagen an; eine Kopie "
        "der Heiratsurkunde füge ich bei.",
    ],
    "rufnummernmitnahme": [
        "ich wechsle zu einem anderen Anbieter und möchte meine Rufnummer {tel} mitnehmen. Bitte geben Sie die "
        "Nummer zur Portierung frei.",
        "bitte übertragen Sie meine bisherige Nummer {tel} von meinem alten Anbieter in meinen neuen Vertrag "
        "bei Ihnen. Die Verzichtserklärung liegt bei.",
    ],
    "vertragsuebernahme": [
        "mein Sohn soll meinen Vertrag samt Rufnummer übernehmen. Beide Unterschriften finden Sie auf dem "
        "beiliegenden Formular zur Inhaberübertragung.",
        "ich übernehme den Vertrag meiner Lebensgefährtin mit allen Rechten und Pflichten. Bitte stellen Sie "
        "die Rechnungen künftig auf mich aus.",
    ],
    "sterbefall": [
        "mein Vater ist am {d} verstorben. Als Erbin bitte ich darum, seinen Vertrag aufzulösen. Die "
        "Sterbeurkunde liegt in Kopie bei.",
        "leider muss ich Ihnen mitteilen, dass meine Mutter verstorben ist. Bitte beenden Sie den Anschluss und "
        "senden Sie die Schlussrechnung an mich als Nachlassverwalter.",
    ],
    "beschwerde": [
        "seit Wochen habe ich in meiner Wohnung kaum Empfang, Gespräche brechen ständig ab. Ihre Hotline hat "
        "mich dreimal vertröstet. So geht man nicht mit langjährigen Kunden um.",
        "der Mitarbeiter in Ihrem Laden war ausgesprochen unhöflich und hat mir einen falschen Tarif verkauft. "
        "Ich erwarte eine Stellungnahme.",
    ],
    "zahlung_mahnung": [
        "Ihre Mahnung vom {d} habe ich erhalten. Ich bin derzeit knapp bei Kasse und bitte um Ratenzahlung in "
        "Höhe von 30 Euro monatlich.",
        "die angemahnte Forderung habe ich bereits beglichen, der Kontoauszug liegt bei. Bitte stellen Sie das "
        "Mahnverfahren ein.",
    ],
    "geraet_retoure": [
        "das Smartphone aus meinem Vertrag startet nicht mehr. Ich bitte um Reparatur im Rahmen der Garantie; "
        "das Gerät schicke ich mit dem beiliegenden Retourenschein.",
        "den Router habe ich wie vereinbart zurückgeschickt, die Sendungsnummer finden Sie unten. Bitte "
        "bestätigen Sie den Eingang der Rücksendung.",
    ],
    "behoerde_recht": [
        "in der Zwangsvollstreckungssache gegen Ihren Kunden ergeht ein Pfändungs- und Überweisungsbeschluss. "
        "Sie werden als Drittschuldner aufgefordert, binnen zwei Wochen Auskunft zu erteilen.",
        "als Insolvenzverwalter über das Vermögen des Herrn {name} teile ich mit, dass das Verfahren eröffnet "
        "wurde. Forderungen sind schriftlich bei mir anzumelden.",
    ],
    "sonstiges": [
        "anbei sende ich Ihnen die gewünschten Unterlagen.",
        "vielen Dank für das nette Gespräch auf der Messe. Ich melde mich bei Gelegenheit wieder.",
    ],
}


@dataclass
class Letter:
    doc_type: str
    text: str
    customer_number: str | None
    phone_number: str | None  # E.164
    iban: str | None
    kind: str  # "scan" or "fax"
    letter_date: date
    pages: list[str] = field(default_factory=list)  # text of each page; a second page is an attachment


def make_letter(rng: random.Random, doc_type: str | None = None) -> Letter:
    doc_type = doc_type or rng.choice(sorted(BODIES))
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    street = f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
    plz, city = rng.choice(CITIES)
    new_plz, new_city = rng.choice(CITIES)
    cn = luhn_number(rng) if doc_type not in ("behoerde_recht", "sonstiges") else None
    tel_written, tel = mobile_number(rng)
    account = iban(rng) if doc_type == "bankdaten" else None
    when = date(2026, 11, 25) - timedelta(days=rng.randint(1, 20))
    body = rng.choice(BODIES[doc_type]).format(
        cn=grouped(cn, rng) if cn else "",
        tel=tel_written,
        iban=account.formatted if account else "",
        d=(when - timedelta(days=rng.randint(3, 40))).strftime("%d.%m.%Y"),
        addr=f"{rng.choice(STREETS)} {rng.randint(1, 90)}, {new_plz} {new_city}",
        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
    )
    uses_tel = "{tel}" in " ".join(BODIES[doc_type]) and tel_written in body
    lines = [name, street, f"{plz} {city}", "", f"{city}, den {when.strftime('%d.%m.%Y')}", ""]
    if cn:
        lines.append(rng.choice(["Kundennummer", "Kd.-Nr.", "Kundenkonto"]) + ": " + grouped(cn, rng))
    if not uses_tel and rng.random() < 0.5 and cn:
        lines.append("Telefon: " + tel_written)
        uses_tel = True
    lines += ["", rng.choice(["Sehr geehrte Damen und Herren,", "Guten Tag,", "Hallo zusammen,"]), "", body, "",
              rng.choice(["Mit freundlichen Grüßen", "Freundliche Grüße", "Hochachtungsvoll"]), "", name]
    text = "\n".join(lines)
    return Letter(
        doc_type=doc_type,
        text=text,
        customer_number=cn,
        phone_number=tel if uses_tel else None,
        iban=account.compact if account else None,
        kind="fax" if rng.random() < 0.3 else "scan",
        letter_date=when,
        pages=[text],
    )


def generate_mail(n: int, seed: int = 2026) -> list[Letter]:
    """``n`` letters with every class represented, reproducible for a seed."""
    rng = random.Random(seed)
    classes = sorted(BODIES)
    return [make_letter(rng, classes[i % len(classes)] if i < len(classes) else None) for i in range(n)]


ATTACHMENTS = [
    "Anlage 1\n\nKopie des Personalausweises (Vorder- und Rückseite) zur Bestätigung meiner Identität.",
    "Anlage\n\nAuszug aus dem Kontoauszug vom Monatsende mit der strittigen Abbuchung, markiert mit Textmarker.",
    "Anlage: Vollmacht\n\nHiermit bevollmächtige ich die unten genannte Person, in meinem Namen alle Erklärungen "
    "zu diesem Vertrag abzugeben und entgegenzunehmen.",
    "Anlage: Rücksendeschein\n\nSendungsnummer und Einlieferungsbeleg der Filiale liegen in Kopie bei. Bitte den "
    "Eingang der Rücksendung schriftlich bestätigen.",
]


def add_attachments(letter: Letter, rng: random.Random, share: float = 0.3) -> Letter:
    """Give about ``share`` of letters one or two attachment pages (for the soak: documents of
    several sheets, whose pages must stay together and in order)."""
    if rng.random() < share:
        for n in range(rng.choice((1, 1, 2))):
            letter.pages.append(rng.choice(ATTACHMENTS) + f"\n\nSeite {n + 2} zu: {letter.text.splitlines()[0]}")
    return letter


def fax_header_line(letter: Letter, sent: str, sender: str, page: int, pages: int) -> str:
    """The line a fax machine prints at the top of every page it sends."""
    return f"{sent}   Von: {sender}   {letter.text.splitlines()[0]}   S. {page}/{pages}"
