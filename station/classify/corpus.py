"""A synthetic German training corpus: letters composed combinatorially from fragments.

Each letter = framing (sender, recipient, date, subject, salutation, closing) + the sender's intent
in one or two of many phrasings + side remarks about other topics that do not change the intent +
optional attachments (transfer slips, death certificates, court orders) + writer style + typos and
OCR/fax noise. Seeded: ``generate(n, seed)`` is reproducible, so ``make model`` is too.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Callable

from schwifty import IBAN
from stdnum import luhn

from station.classify import noise
from station.classify.phrases_frame import (ATTACH_FOR, ATTACHMENTS, BROAD_SIDES, FOREIGN, OTHER_BODIES,
                                            OTHER_NARROW, SIDE, SIDE_FOR, SUBJECTS)
from station.classify.phrases_english import (CLOSE_EN, CN_LABELS_EN, GREET_EN, INTENT_EN as _BASE_EN, OTHER_EN,
                                              PAST_CANCEL_EN, PAST_CANCEL_FOR_EN, SIDE_EN, SUBJECTS_EN)
from station.classify.phrases_intent import INTENT as _BASE
from station.classify.phrases_more import MORE
from station.classify.phrases_story import STORY
from station.classify.phrases_voices import OTHER_VOICES, OTHER_VOICES_EN, VOICES, VOICES_EN

_PLAIN = {label: _BASE[label] + MORE.get(label, []) + STORY.get(label, []) for label in _BASE}
INTENT = {label: _PLAIN[label] + VOICES.get(label, []) for label in _BASE}
# Voices (third parties, two purposes, forms, ...) are numbered after the plain phrasings and, like
# incidental topic words, only the broad corpus uses them: the narrow view keeps the types sharp.
VOICE_START = {label: len(_PLAIN[label]) for label in _BASE}
INTENT_EN = {label: _BASE_EN[label] + VOICES_EN.get(label, []) for label in _BASE_EN}
OTHER_BROAD = OTHER_BODIES + OTHER_VOICES

LABELS = [*INTENT.keys(), "sonstiges"]
FIRST = ["Anna", "Peter", "Ursula", "Mehmet", "Katarzyna", "Jürgen", "Sabine", "Hans-Dieter", "Fatma", "Lukas",
         "Gerda", "Thomas", "Olga", "Klaus", "Monika", "Ahmet", "Sophie", "Wolfgang", "Ilse", "Dragan", "Jana"]
LAST = ["Müller", "Schmidt", "Yilmaz", "Nowak", "Becker", "Hoffmann", "Schäfer", "Krüger", "Wagner", "Öztürk",
        "Lehmann", "Schulze", "Kowalski", "Neumann", "Brandt", "Petrović", "Zimmermann", "Hartmann", "Vogel"]
STREETS = ["Hauptstraße", "Lindenweg", "Am Markt", "Bahnhofstr.", "Gartenstraße", "Schillerplatz", "Kirchgasse",
           "Birkenallee", "Goethestraße", "Industriestr.", "Rosenweg", "Mühlenkamp", "Auf der Heide"]
CITIES = [("10115", "Berlin"), ("20095", "Hamburg"), ("80331", "München"), ("50667", "Köln"), ("04109", "Leipzig"),
          ("01067", "Dresden"), ("44135", "Dortmund"), ("90402", "Nürnberg"), ("28195", "Bremen"),
          ("99084", "Erfurt"), ("24103", "Kiel"), ("66111", "Saarbrücken"), ("79098", "Freiburg"), ("17489", "Greifswald")]
COUNTRIES = ["Spanien", "die Türkei", "Polen", "Österreich", "die Schweiz", "Kanada", "Thailand", "Italien"]
OPERATORS = ["Telekom", "Vodafone", "O2", "1&1", "congstar", "freenet", "Aldi Talk", "einen anderen Anbieter"]
TARIFFS = ["Allnet Flat M", "Smart L", "Red 20 GB", "Data Max", "Young S", "Festnetz Comfort", "DSL 100", "Prepaid Plus"]
DEVICES = ["Smartphone", "Tablet", "iPhone", "Samsung Galaxy", "Router", "Surfstick", "Festnetztelefon", "Hotspot"]
BANKS = ["Sparkasse", "Volksbank", "Postbank", "Commerzbank", "ING", "DKB", "Raiffeisenbank"]
COMPANIES = ["Bäckerei Krüger GmbH", "Schmidt & Partner", "Autohaus Vogel KG", "Pflegedienst Sonnenschein",
             "Rechtsanwälte Lehmann und Kollegen", "Hausverwaltung Brandt", "Elektro Neumann e.K."]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
          "Dezember"]
ALTERNATIVES = re.compile(r"\[([^\[\]]*)\]")
TemplateFilter = Callable[[str, int], bool]  # (label, template index) -> may this letter use it?


def _all(label: str, index: int) -> bool:
    return True


@dataclass(frozen=True)
class Sample:
    text: str
    label: str


class _Slots:
    """Random but plausible values for one letter (the same name throughout the letter)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        zip_, city = rng.choice(CITIES)
        self.values = {
            "first": rng.choice(FIRST), "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "name2": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "surname": rng.choice(LAST), "street": f"{rng.choice(STREETS)} {rng.randrange(1, 120)}",
            "zip": zip_, "city": city, "city2": rng.choice(CITIES)[1], "country": rng.choice(COUNTRIES),
            "operator": rng.choice(OPERATORS), "tariff": rng.choice(TARIFFS), "device": rng.choice(DEVICES),
            "bank": rng.choice(BANKS), "company": rng.choice(COMPANIES), "month": rng.choice(MONTHS),
            "operator_company": rng.choice(["Mobilfunk AG", "Telefonica Germany", "Netz & Mobil GmbH"]),
            "bic": rng.choice(["COBADEFFXXX", "DEUTDEDBXXX", "BYLADEM1001"]),
            "phone": self.phone(), "cn": self.customer_number(), "iban": self.iban(), "own_iban": self.iban(),
            "date": self.date(), "birth": f"{rng.randrange(1, 29):02d}.{rng.randrange(1, 13):02d}.19{rng.randrange(30, 99)}",
            "amount": f"{rng.randrange(5, 900)},{rng.randrange(100):02d}", "amount2": f"{rng.randrange(5, 80)},{rng.choice(['00', '99', '95', '50'])}",
            "invoice": str(rng.randrange(10**8, 10**9)), "order": f"{rng.randrange(1, 99)} {rng.choice('CIKMOS')} {rng.randrange(100, 9999)}/{rng.randrange(20, 26)}",
            "days": str(rng.randrange(2, 30)), "count": str(rng.randrange(2, 12)),
            "email": f"{rng.choice(FIRST).lower()}.{rng.randrange(10, 99)}@{rng.choice(['web.de', 'gmx.net', 't-online.de'])}",
        }

    def phone(self) -> str:
        r = self.rng
        if r.random() < 0.6:
            pre, rest = r.choice(["0151", "0160", "0170", "0176", "0157", "0162"]), str(r.randrange(10**6, 10**8))
        else:
            pre, rest = r.choice(["030", "040", "089", "0221", "0341", "0911", "06221"]), str(r.randrange(10**5, 10**7))
        fmt = r.randrange(4)
        return [f"{pre} {rest}", f"{pre}/{rest}", f"+49 {pre[1:]} {rest}", f"{pre}-{rest}"][fmt]

    def customer_number(self) -> str:
        body = str(self.rng.randrange(10**8, 10**9))
        num = body + luhn.calc_check_digit(body)
        return self.rng.choice([num, f"{num[:4]} {num[4:7]} {num[7:]}", f"{num[:4]}-{num[4:]}", f"{num[:3]} {num[3:6]} {num[6:]}"])

    def iban(self) -> str:
        iban = IBAN.generate("DE", bank_code=str(self.rng.randrange(10**7, 10**8)),
                             account_code=str(self.rng.randrange(10**9, 10**10)))
        return iban.formatted if self.rng.random() < 0.7 else iban.compact

    def date(self) -> str:
        r = self.rng
        d, m, y = r.randrange(1, 29), r.randrange(1, 13), r.randrange(2019, 2027)
        return r.choice([f"{d:02d}.{m:02d}.{y}", f"{d}.{m}.{y}", f"{d}. {MONTHS[m - 1]} {y}", f"{d:02d}.{m:02d}.{str(y)[2:]}"])

    def fill(self, template: str) -> str:
        text = ALTERNATIVES.sub(lambda m: self.rng.choice(m.group(1).split("|")), template)
        text = re.sub(r"\{(\w+)\}", lambda m: self.values.get(m.group(1), m.group(0)), text)
        return re.sub(r"\s+([,.;:?])", r"\1", re.sub(r"  +", " ", text)).strip()


def _frame(rng: random.Random, s: _Slots, label: str, body: list[str], style: str) -> list[str]:
    v = s.values
    lines: list[str] = []
    if style == "business":
        lines += [v["company"], f"{v['street']} · {v['zip']} {v['city']}"]
    elif rng.random() < 0.85:
        lines += [v["name"], v["street"], f"{v['zip']} {v['city']}"]
    if rng.random() < 0.5:
        lines.append(rng.choice(["Tel.", "Telefon:", "Handy", "Mobil:", "Tel"]) + " " + v["phone"])
    if rng.random() < 0.6:
        lines += ["", rng.choice(["An", ""]), v["operator_company"], rng.choice(["Kundenservice", "Kündigungsabteilung", "Postfach 1234"]),
                  f"{rng.choice(CITIES)[0]} {rng.choice(CITIES)[1]}"]
    if rng.random() < 0.8:
        lines += ["", rng.choice([f"{v['city']}, den {v['date']}", f"{v['city']}, {v['date']}", v["date"], f"Datum: {v['date']}"])]
    if rng.random() < 0.7:
        lines.append(rng.choice(["Kundennummer:", "Kd.-Nr.", "Kundennr.", "Ihre Kundennummer", "Kunden-Nr:", "Kundenkonto"]) + " " + v["cn"])
    if rng.random() < 0.75:
        lines += ["", rng.choice(["Betreff: ", "Betr.: ", ""]) + s.fill(rng.choice(SUBJECTS[label]))]
    greet = {"formal": ["Sehr geehrte Damen und Herren,"], "informal": ["Hallo,", "Hallo liebes Team,", "Guten Tag,"],
             "elderly": ["Sehr geehrte Herrschaften,", "Sehr geehrte Damen und Herren!", "Werte Firma,"],
             "business": ["Sehr geehrte Damen und Herren,", "Guten Tag,"]}[style]
    close = {"formal": ["Mit freundlichen Grüßen", "Freundliche Grüße"], "informal": ["Gruß", "Viele Grüße", "LG", "Danke und Gruß"],
             "elderly": ["Hochachtungsvoll", "Mit freundlichem Gruß", "Es grüßt Sie freundlich"],
             "business": ["Mit freundlichen Grüßen", "i. A."]}[style]
    lines += ["", rng.choice(greet), ""]
    lines += body
    lines += ["", rng.choice(close), v["name"] if style != "business" else f"{v['name']}\n{v['company']}"]
    return lines


def _body(rng: random.Random, s: _Slots, label: str, style: str, keep: TemplateFilter, broad: bool) -> list[str]:
    if label == "sonstiges":
        bodies = OTHER_BROAD if broad else OTHER_BODIES[:OTHER_NARROW]
        pool = [(i, t) for i, t in enumerate(bodies) if keep(label, i)]
        sentences = [s.fill(rng.choice(pool)[1])]
        if rng.random() < 0.4:
            sentences.append(s.fill(rng.choice(pool)[1]))
    else:
        pool = [(i, t) for i, t in enumerate(INTENT[label]) if keep(label, i) and (broad or i < VOICE_START[label])]
        picks = rng.sample(pool, k=min(len(pool), rng.choice([1, 1, 2, 2, 3])))
        sentences = [s.fill(p) for _, p in picks]
    kinds = [k for k in SIDE_FOR[label] if broad or k not in BROAD_SIDES]
    for kind in rng.sample(kinds, k=min(len(kinds), rng.choice([0, 1, 1, 2, 3]))):
        sentences.insert(rng.randrange(len(sentences) + 1), s.fill(rng.choice(SIDE[kind])))
    if style == "elderly" and rng.random() < 0.7:
        sentences.insert(0, rng.choice([
            "ich bin {age} Jahre alt und komme mit dem Internet nicht zurecht, deshalb schreibe ich Ihnen.",
            "mein Enkel hat mir geholfen, diesen Brief aufzusetzen.", "ich habe schon dreimal angerufen, aber keinen erreicht.",
            "entschuldigen Sie bitte meine Schrift.", "seit vielen Jahren bin ich Ihr Kunde."]).replace("{age}", str(rng.randrange(70, 96))))
    if rng.random() < 0.5:
        return [" ".join(sentences)]
    return sentences


def _degrade(text: str, rng: random.Random, s: _Slots) -> str:
    roll = rng.random()
    if roll < 0.35:
        return text
    if roll < 0.6:
        return noise.typos(text, rng, rng.uniform(0.02, 0.1))
    text = noise.ocr_noise(noise.typos(text, rng, 0.02), rng, rng.uniform(0.02, 0.15))
    if roll > 0.85:
        text = noise.fax_header(rng, s.phone(), s.date(), rng.randrange(1, 4)) + "\n" + text
    return text


def _english(rng: random.Random, s: _Slots, label: str, keep: TemplateFilter) -> str | None:
    """An English letter of type ``label``: its own framing, intent phrasings and side remarks.

    ``keep`` filters the English phrasings with index offset 1000, so held-out folds stay unseen;
    None when it keeps none of them.
    """
    v = s.values
    bodies = OTHER_EN + OTHER_VOICES_EN if label == "sonstiges" else INTENT_EN[label]
    pool = [t for i, t in enumerate(bodies) if keep(label, 1000 + i)]
    if not pool:
        return None
    sentences = [s.fill(t) for t in rng.sample(pool, k=min(len(pool), rng.choice([1, 1, 2])))]
    sides = SIDE_EN + (PAST_CANCEL_EN if label in PAST_CANCEL_FOR_EN else [])
    for t in rng.sample(sides, k=rng.choice([0, 1, 1, 2])):
        sentences.insert(rng.randrange(len(sentences) + 1), s.fill(t))
    lines = [v["name"], v["street"], f"{v['zip']} {v['city']}"] if rng.random() < 0.8 else []
    if rng.random() < 0.4:
        lines.append(rng.choice(["Phone:", "Tel.", "Mobile:"]) + " " + v["phone"])
    if rng.random() < 0.7:
        lines += ["", rng.choice([f"{v['city']}, {v['date']}", v["date"], f"Date: {v['date']}"])]
    if rng.random() < 0.6:
        lines.append(rng.choice(CN_LABELS_EN) + " " + v["cn"])
    if rng.random() < 0.7:
        lines += ["", rng.choice(["Re: ", "Subject: ", ""]) + s.fill(rng.choice(SUBJECTS_EN[label]))]
    lines += ["", rng.choice(GREET_EN), ""]
    lines += [" ".join(sentences)] if rng.random() < 0.5 else sentences
    lines += ["", rng.choice(CLOSE_EN), v["name"]]
    return _degrade("\n".join(lines), rng, s)


def letter(rng: random.Random, label: str, keep: TemplateFilter = _all, broad: bool = True) -> str:
    """One synthetic letter of type ``label`` (the unusual kinds of 'sonstiges' included).

    ``broad``: draw 'sonstiges' from every kind of out-of-taxonomy mail and mix incidental topic
    remarks into all types; the narrow corpus (False) keeps to the few kinds of other mail, so the
    types stay sharp (``train.py`` learns from both).
    """
    s = _Slots(rng)
    if label == "sonstiges":
        roll = rng.random()
        if roll < 0.12:
            return rng.choice(FOREIGN)
        if roll < 0.2:
            return noise.garbage(rng, rng.randrange(0, 400))
        if roll < 0.25:
            return s.fill(rng.choice(ATTACHMENTS[rng.choice(list(ATTACHMENTS))]))
    style = rng.choice(["formal", "formal", "informal", "elderly", "business"])
    lines = _frame(rng, s, label, _body(rng, s, label, style, keep, broad), style)
    kinds = ATTACH_FOR[label]
    if kinds and rng.random() < 0.4:
        kind = rng.choice(kinds)
        lines += ["", "Anlage: " + {"transfer_slip": "Überweisungsbeleg", "death_certificate": "Sterbeurkunde",
                                    "court": "Beschluss", "invoice": "Rechnungskopie", "id_copy": "Ausweiskopie",
                                    "form": "Formular"}[kind]]
        if rng.random() < 0.6:
            lines += ["", s.fill(rng.choice(ATTACHMENTS[kind]))]
    return _degrade("\n".join(lines), rng, s)


def generate(n_per_label: int, seed: int = 0, keep: TemplateFilter = _all, broad: bool = True) -> list[Sample]:
    """``n_per_label`` letters of every type, shuffled; the same seed always gives the same corpus.

    ``keep`` restricts the intent phrasings used: training on some and validating on the others
    measures how the model does on phrasings it has never seen (see ``train.py``).
    """
    rng = random.Random(seed)
    samples = [Sample(letter(rng, label, keep, broad), label) for label in LABELS for _ in range(n_per_label)]
    rng.shuffle(samples)
    return samples


def generate_english(n_per_label: int, seed: int = 0, keep: TemplateFilter = _all) -> list[Sample]:
    """English letters of every type (the English view's corpus, see ``train.py``); ``keep`` as in
    ``generate``, with the English phrasings numbered from 1000."""
    rng = random.Random(seed)
    texts = [(_english(rng, _Slots(rng), label, keep), label) for label in LABELS for _ in range(n_per_label)]
    samples = [Sample(text, label) for text, label in texts if text is not None]
    rng.shuffle(samples)
    return samples
