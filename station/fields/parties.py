"""Whose account or number is this? Context rules that tell the customer's values from other parties'.

A letter names accounts and numbers of people and firms other than the customer: the creditor who
attaches a claim, an administrator's trust account, the estate's or an heir's account, a club's
donation account, the hotel or tax adviser one can be reached through. Checksums cannot tell them
apart (their values are as valid as the customer's); the words of the clause that introduces a
value can. The rules here read that clause and return "someone else's" only on clear cues, so the
finders drop such a value, and stay silent otherwise (the finders' own ranking then decides).

A firm that writes about its own contracts ("wir kündigen unsere Firmenverträge") is itself the
customer: its letterhead and footer then carry the customer's own telephone and account, unless
the letter speaks for somebody else (a client, a ward, a debtor, an estate).
"""

from __future__ import annotations

import re

from station.fields.layout import Line

# An account that belongs to somebody the letter is about but who is not the customer.
THIRD_PARTY_ACCOUNT = re.compile(
    r"(gläubiger(?!\s*-?\s*id)|glaeubiger(?!\s*-?\s*id)|anderkonto|treuhand|\bnachlass|erbengemeinschaft|\berben\b|spende|vereinskonto"
    r"|betreuerverg|mandantenkonto|creditor|escrow|trust account|client account|\bestate\b|\bheirs\b"
    r"|donation|club account|vermieter\w*|landlord|betreuungskonto|(?<!unser)(?<!unserem)(?<!unser )(?<!unserem )kanzlei\w*|inkasso\w*|collection agency"
    # public cash offices, an official's service account, an owners' association; a single heir
    r"|(bundes|landes|justiz|gerichts|stadt|gemeinde|kreis|amts|finanz|steuer)(haupt|ober|zentral)?kasse|dienstkonto|finanzamt\w*|\w*zollamt\w*"
    r"|fremdgeld\w*|(?-i:\bWEG\b)|eigentümergemeinschaft"
    r"|\bheir\b|\berbin\b"
    r"|bestattung\w*|bestatter\w*|funeral|undertaker"
    # "zahlbar auf deren Konto": a relative pronoun points back to the firm or person just named
    r"|\b(deren|dessen)\s+(\w+\s+)?(konto|zahlungsdaten|bankverbindung|bankdaten)\b|\btheir\s+(\w+\s+)?account"
    # a creditor's demand: "ich soll direkt an sie zahlen, auf DE07 ..."
    r"|\ban\s+(sie|ihn|diese[nrs]?)\s+(\w+\s+)?(zahlen|überweisen)\b|\bpay\s+(them|him)\b"
    # an authority's or office's account ("auf das Konto der Landesoberkasse"); a garnishment's payee
    r"|\b(konto|bankverbindung)\s+(der|des)\s+\w*((?<!spar)kasse|amt(e?s)?|gerichts?|kanzlei|behörde|verwaltung"
    r"|stadt|gemeinde|justiz\w*|finanzverwaltung)\b"
    # a representative's account, named so or labelled alone ("Konto ihres" / "Bevollmächtigten: DE71 ...")
    r"|konto\s+(ihres|seines|des|deren|dessen)\s+bevollmächtigt\w*|^\W*bevollmächtigt\w*\W*$"
    r")",
    re.I,
)
# A relative's account ("vom Konto meiner Frau abgebucht", "my wife's account"): someone else's,
# unless the writer writes for that relative, who is then the customer.
RELATIVES_ACCOUNT = re.compile(
    r"\bkonto\s+(meiner|meines|seiner|seines|ihrer|ihres|unserer|unseres)\s+(ehe)?(frau|mann(e?s)?|mutter"
    r"|vaters?|tochter|sohn(e?s)?|eltern|schwester|bruders?|partner\w*|lebensgefährt\w*)\b"
    r"|\b(wife|husband|mother|father|daughter|son|sister|brother|partner|parents)'s\s+(\w+\s+)?account",
    re.I,
)
# Another person's account named by a possessive ("meine Mutter hat von ihrem Konto (DKB, DE18 ...)
# überwiesen", "von seinem Konto bei der HypoVereinsbank", "from her own account"); lower-case "ihrem"
# only: "Ihrem Konto" is the firm written to.
THIRD_PERSONS_ACCOUNT = re.compile(r"\b([Vv]on|[Aa]uf|[Aa]us|[Üü]ber|[Ff]rom|[Tt]o|[Ii]nto|[Ww]ith)\s+(seinem|ihrem|seines|ihres"
                                   r"|his|her|their)\s+((eigenen|own)\s+)?(\w+\s+)?([Kk]onto|account)\b")
# A survivor who is a customer in her own right ("Meine Kundennummer: ...", "der Vertrag läuft auf meinen
# Namen"): her account pays her own contract, whoever died.
WRITERS_OWN_CONTRACT = re.compile(r"\bmeine\s+kundennummer\b|\bvertrag\s+läuft\s+auf\s+(mich|meinen\s+namen)\b"
                                  r"|\bmy\s+(own\s+)?customer\s+number\b|\bcontract\s+is\s+in\s+my\s+(own\s+)?name\b",
                                  re.I)
# A letter reporting a death: a credit to be paid out goes to the heirs, not to the (deceased) customer.
DEATH = re.compile(r"(verstorben|gestorben|verstarb|sterbeurkunde|todesfall|erbschein|\btod\s+(meine|meines|unsere)"
                   r"|passed away|death certificate|deceased)", re.I)
# In a letter reporting a death, the account of the one who died: "Sein Konto bei der ...", "ihr eigenes Konto"
# (lower-case "ihr": "Ihr Konto" is the firm's).
DECEASEDS_OWN = re.compile(r"\b([Ss]ein(em|es)?|ihr(em|es)?)\s+(eigene[ms]?\s+)?[Kk]onto\b|\b(his|her)\s+(own\s+)?account\b")
WRITERS_ACCOUNT = re.compile(r"\b(mein(em|es|e|en)?|my)\s+(\w+\s+)?(konto|kontoverbindung|bankverbindung|account)\b", re.I)
TAKEOVER = re.compile(r"(übernehm|uebernehm|übernahme|uebernahme|weiterführ|weiterfuehr|fortführ|fortfuehr|behalten"
                      r"|weiter\s+nutzen|umschreib|take\s+over|taking\s+over|keep\s+(the|his|her)\s+(number|contract))",
                      re.I)
# An account held together with the customer ("auf unser gemeinsames Konto"): still the customer's.
JOINT = re.compile(r"\b(gemeinsam\w*|joint)\b", re.I)
# Debits from now on: in a hand-over, the account named so is the next holder's.
FROM_NOW_ON = re.compile(r"\b(künftig\w*|zukünftig\w*|ab\s+sofort|in\s+zukunft|ab\s+(der\s+)?übernahme|from\s+now\s+on"
                         r"|in\s+future|after\s+the\s+transfer|ab\s+(januar|februar|märz|april|mai|juni|juli|august"
                         r"|september|oktober|november|dezember|\d))\b", re.I)
PAY_OUT = re.compile(r"(guthaben|erstatt\w*|rückzahl\w*|auszahl\w*|überweisen|refund|credit\b|pay\w* out|paid to|\bgeld\b)",
                     re.I)
_RELATIVE = (r"(mein\w*|unser\w*|my|our)\s+(ehe)?(mann|frau|sohn|tochter|vater|mutter|eltern|bruder|schwester|partner\w*"
             r"|kind\w*|enkel\w*|husband|wife|son|daughter|father|mother|parents|brother|sister|tante|onkel|oma|opa"
             r"|großmutter|großvater|neffe|nichte|cousin\w*|aunt|uncle|grandmother|grandfather|grandma|grandpa|nephew|niece)\b")
RELATIVE = re.compile(rf"\b{_RELATIVE}", re.I)
# A telephone of a place or person the customer can be reached through, not the customer's own line.
THIRD_PARTY_PHONE = re.compile(
    r"\b(hotel\w*|steuerb(ü|ue)ro|steuerberat\w*|tax advis\w*|accountant|kanzlei|rechtsanw\w*|anwalt\w*"
    r"|lawyer|attorney|(pflege|alten|senioren|wohn)?heim(s|leitung)?|care home|nursing home|händler\w*|dealer|agentur|agency|hausverwaltung"
    r"|vermieter\w*|landlord|arbeitgeber\w*|employer|nachbar\w*|neighbou?r|shop|filiale|store"
    r"|bestattung\w*|bestatter\w*|funeral|notar\w*|notary|inkasso\w*|collection agency|vertriebspartner\w*"
    r"|verk(ä|ae)ufer\w*|\w*berater(in)?|visitenkarte|salesman|sales rep\w*|pflegedienst\w*|bank|sparkasse|laden"
    r"|\w*bevollmächtigt\w*|\brae?\b(?!-)|gläubiger\w*|creditor|hausmeister\w*|caretaker|janitor|geschädigt\w*|victim"
    # another phone company: "The new provider (service line 0341 ...)"
    r"|(neue[nmrs]?|new|alte[nmrs]?|old|bisherige[nmrs]?|abgebende[nmrs]?|aufnehmende[nmrs]?)\s+(anbieter\w*|provider|netzbetreiber\w*|carrier))\b"
    # a firm named right before the number: "Post von der Nordforderung GmbH (Tel. 0511 ...)"
    # (its label as OCR may misread it: "(lel. 0511 ...")
    r"|\b(gmbh|mbh|ag|kg|ohg|gbr|ug|e\.\s?v\.|ltd|inc)\s*[(,]\s*([^\s\d]{1,9}\s*)?$"
    # a relative named as the subject, the number in brackets after the name: "Mein Enkel Tim (Handy ...)"
    rf"|\b{_RELATIVE}(\s+[A-ZÄÖÜ][\w-]+){{0,2}}\s*[(,:]\s*(tel|handy|mobil|phone|mobile|cell)"
    # reached through a relative: "über meinen Mann", "bei meinem Sohn melden", "rufen Sie bitte meine Frau an",
    # "through my daughter" (not "die Rufnummer meiner Tochter": the line the letter is about)
    rf"|\b(über|ueber|bei|via|through|contact|call|ring)\s+{_RELATIVE}"
    rf"|\b(rufen|kontaktieren|fragen)\s+sie\s+(\w+\s+){{0,2}}{_RELATIVE}"
    r"|\b(über|ueber|bei|via|through)\s+(frau|herrn?|mr|mrs|ms)\b",
    re.I,
)
# The customer's own line named as such: after it, an earlier third-party word no longer applies.
OWN_LINE = re.compile(
    r"(\b(my|mein\w*|unser\w*|our)\s+(\w+\s+)?[\w-]*?(number|nummer|rufnummer|handy\w*|mobil\w*|phone)|rufnummer|anschluss"
    r"|\bmich\s+(\w+\s+)?(unter|über|auf|mobil|telefonisch)|\b(reach|call|contact)\s+me)", re.I)
# Labels of the line the letter is about (not merely a contact number): they beat a plain "Tel.".
LINE_LABEL = re.compile(
    r"(rufnummer|anschluss|mobilfunknummer|handynummer|mobilnummer|\b(handy|mobil|mobilfunk)\s*-?\s*n[r®°º@]?(?![\wäöüß])"
    r"|\b(my|mein\w*)\s+(\w+\s+)?(number|nummer|handy|mobiltelefon|mobile|cell\s*phone|handyvertrag|mobilfunkvertrag)\b"
    r"|\bmy\s+line\b|\bmobile\s+line\b|\b(vertrag|contract)\s*:\s*$"
    r"|number concerned|phone number\b|mobile number|^\s*line\s*:"
    # the line with the firm written to: "von meinem Firmenhandy bei Ihnen", "meine Karte bei Ihnen"
    r"|(handy|nummer|anschluss|karte|sim|line|number)\w*\s+(bei|with)\s+(ihnen|euch|you)\b"
    r"|(vertrag|anschluss|handyvertrag|mobilfunkvertrag)\s+(mit|für|unter)\s+(der|die)\s+(ruf)?nummer"
    r"|mitzunehmende|zu portierende|number to (be\s+)?(port|keep|transfer|bring)\w*|old number|bisherige\s+(ruf)?nummer)",
    re.I,
)
# A sentence ends at a full stop before a capital, unless the stop closes an abbreviation ("& Co. KG").
_ABBREVIATIONS = "".join(rf"(?<!\b{a})" for a in ("Co", "Nr", "Str", "Dr", "Tel", "Inh", "Hr", "Fr", "St", "ca",
                                                  "bzw", "ggf", "evtl", "vgl", "Abs", "Az", "Kto", "Ltd", "Inc", "e.V",
                                                  "Hrsg", "Pkt"))
_SENTENCE_END = re.compile(rf"{_ABBREVIATIONS}[.!?]\s+(?=[A-ZÄÖÜ])")

# The letter speaks for somebody else: the letterhead is the writer's, never the customer's.
ON_BEHALF = re.compile(
    r"(mandant|vollmacht|bevollmächtig|im namen (von|meine|unsere|des|der)|on behalf|power\s+of\s+attorney|ihre kundin\b|ihr kunde\b"
    r"|ihres kunden|your customer|your client|betreute|betreuungssache|\w*betreuer(in)?\b|schuldner|verstorbene|erblasser|\bnachlass"
    r"|(?<!mit)bewohner|\bmieter|\bpatient|\bklient|\bmitglied|antragsteller|erziehungsberechtigt"
    r"|(ich|wir)\s+vertrete|vertrete[n]?\s+(ich|wir)|(?<!von )(?<!bei )(?<!mit )(ihren|unseren|meinen)\s+kunden\b"
    # "meine Nachbarin bat mich, Ihnen zu schreiben", "she asked me to write to you"
    r"|\b(bat|bittet|hat)\s+mich\W+(\S+\s+){0,4}?(zu\s+schreiben|gebeten)|\basked\s+me\s+to\s+write"
    # the customer is somebody else, said of her: "sie ist seit über 12 Jahren bei Ihnen Kundin"
    r"|\b(sie|er)\s+ist\s+(\S+\s+){0,6}?(ihr(e)?\s+)?kund(in|e)\b"
    # "ich schreibe für meine Mutter", "I am writing for my father"
    r"|\bim\s+auftrag\s+(der|des|von|unserer|unseres|meiner|meines)\s+(angehörigen|familie|erben|kundin|kunden|mandant\w*)"
    r"|\b(schreibe|schreiben|write|writing)\s+(\w+\s+)?(für|for|im auftrag)\s+(meine|meinen|meiner|meines|unsere"
    r"|unseren|unserer|my|our)\s+(ehe)?(mann|frau|sohn|tochter|vater|mutter|eltern|bruder|schwester|oma|opa"
    r"|großmutter|großvater|husband|wife|son|daughter|father|mother|parents|brother|sister|grand\w*)\b"
    # a subject line: "Rufnummernmitnahme für meine Mutter Hannelore Dietrich"
    r"|\b(kündigung|rufnummernmitnahme|portierung|widerruf|adressänderung|umzug|beschwerde|reklamation|mahnung"
    r"|zahlungserinnerung|cancellation|porting|complaint|reminder)\b[^\n]{0,24}?\s(für|for|an|to)\s+(meine[nrs]?"
    r"|unsere[nrs]?|my|our)\s+(ehe)?(mann|frau|sohn|tochter|vater|mutter"
    r"|eltern|oma|opa|großmutter|großvater|husband|wife|son|daughter|father|mother|parents|grand\w*)\b"
    # under the writer's name in the sender block: "Thomas Kröger" / "für meinen Vater Herrn Heinz Kröger"
    r"|(?m:^)\s*(für|for|i\.\s*a\.)\s+(meine[nrs]?|unsere[nrs]?|my|our)\s+(ehe)?(mann|frau|sohn|tochter|vater|mutter"
    r"|eltern|husband|wife|son|daughter|father|mother|parents)\b)",
    re.I,
)
# A firm writing about its own contracts, lines, accounts or premises (first person plural).
OWN_BUSINESS = re.compile(
    r"(\b(unser(e|en|em|er|es)?|our)\s+(\S+\s+){0,2}?(firmen\w*|vertr[äa]g\w*|geschäfts\w*|rufnummer\w*"
    r"|anschl(u|ü)ss\w*|\w*handys?\b|sim\b|sim-\w*|mobilfunk\w*|kundennummer|hausbank|\w*anschrift|festnetz\w*"
    r"|business|lines\b|contracts?\b|phones\b|sim cards)"
    r"|\bwir\s+(kündigen|sind umgezogen|ziehen um)|\bwe\s+(cancel|have moved|are moving)"
    # a firm writing about its staff's company phones
    r"|(dienst|firmen|geschäfts)(handy|telefon|sim|karte|vertrag|anschluss)\w*|(übrigen|anderen|alle)\s+karten"
    r"|\b(unser\w*|our)\s+(\S+\s+)?(mitarbeiter\w*|monteur\w*|projektleiter\w*|fahrer\w*|angestellt\w*"
    r"|außendienst\w*|employees?|staff|drivers?)"
    r"|(abbuchung|lastschrift\w*|einzug|abbuchen)\s+(\S+\s+){0,3}?(geschäfts|firmen)konto)",
    re.I,
)


# A line opening an item of a list: a dash, bullet or number, then words ("- ziehen Sie ...", "3. ab Januar").
LIST_ITEM = re.compile(r"^\s*([-–•*·]|\d{1,2}[.)]|[a-z]\))\s+[^\W\d]")


def clause_before(lines: list[Line], i: int, start: int, reach: int = 160) -> str:
    """The words before ``lines[i].text[start]`` back to the start of their sentence (previous lines too).

    A previous line carrying a value of its own (five digits in a row, or two groups of four: a form
    field, a reference, another IBAN) ends the clause: "Gläubiger-ID ..." on one form line says
    nothing about the IBAN on the next; so does a paragraph that ended (a full stop, then a blank line).
    """
    text = lines[i].text[:start]
    j = i - 1
    if len(text.strip()) <= 8 and j >= 0 and lines[j].page_index == lines[i].page_index:
        # The value opens its line: the line above holds its label ("..., Tel." / "02151 ..."), values or not.
        text = lines[j].text.rstrip() + " " + text
        j -= 1
    while (len(text) < reach and j >= 0 and lines[j].page_index == lines[i].page_index
           and not LIST_ITEM.match(lines[j + 1].text)  # " - erstatten Sie mir ...": an item of a list starts afresh
           and (lines[j].number >= lines[j + 1].number - 1 or not re.search(r"[.!?]\s*$", lines[j].text))):
        if (value := list(re.finditer(r"\d{5}|\d{4} \d{4}", lines[j].text))):
            # the words after the line's last value (and its sentence end, if any): "... unter 0162 8231577
            # erreichbar. Ein etwaiges Guthaben erstatten Sie" / "bitte auf ihr Konto ...", "(auf DE38 ... 01)
            # und einmal an das beauftragte Inkassobüro" / "Meyring & Co (Konto ..."
            rest = lines[j].text[value[-1].end():]
            rest = re.sub(r"^[\d ]*\d\W*", "", rest)  # the value's last groups
            ends = list(_SENTENCE_END.finditer(rest))
            text = (rest[ends[-1].end():] if ends else rest).strip() + " " + text
            break
        text = lines[j].text.rstrip() + " " + text
        j -= 1
    text = text[-reach:]
    ends = list(_SENTENCE_END.finditer(text))
    return text[ends[-1].end():] if ends else text


# Said after the value: "DE24 ... (in her name)", "(auf seinen Namen)": held by the person just named.
HELD_BY_OTHER = re.compile(r"\b(in|under)\s+(her|his|their)\s+name\b|\bauf\s+(ihren|seinen|deren|dessen)\s+namen\b"
                           r"|(?i:\bnicht\s+(mein|unser)\s+konto\b|\bnot\s+(my|our)\s+account\b)")


# A remark in brackets right after a value.
_REMARK = re.compile(r"\s*\(([^()]{1,60})\)")


# The line that opens the letter proper ("Sehr geehrte ...", "Dear ..."): letterheads lie above it.
SALUTATION = re.compile(r"^\s*(sehr geehrte|guten tag|hallo|liebe|werte|dear|hello|to whom)", re.I)
# The writer takes over somebody else's contract: the writer becomes a customer only later.
NEW_HOLDER_WRITES = re.compile(r"\bich\s+übernehme\s+(den|seinen|ihren|deren)\b|übernahme\s+des\s+vertrags\s+von"
                               r"|\bi\s+(am|will be)\s+taking\s+over\s+(his|her|the)\b", re.I)


NEW_HOLDER = re.compile(r"(neue[rn]?\s+(vertrags)?inhaber\w*|(?<!bin )neue[rn]?\s+(kunde|kundin)\b|übernehmer\w*"
                        r"|daten\s+des\s+neuen|new\s+(account\s+)?(holder|owner)|\b(her|his)\s+details)", re.I)
OLD_HOLDER = re.compile(r"(bisherige[rn]?\s+(vertrags)?inhaber\w*|alte[rn]?\s+(vertrags)?inhaber\w*"
                        r"|(current|previous)\s+(account\s+)?holder)", re.I)


def under_new_holder(lines: list[Line], i: int, reach: int = 6) -> bool:
    """``lines[i]`` lies in a block headed by the new holder of a contract being handed over
    ("Neue Inhaberin", "Daten des neuen Inhabers:"): its phone and account are the new holder's."""
    for j in range(i, max(i - reach, -1), -1):
        if lines[j].page_index != lines[i].page_index or SALUTATION.search(lines[j].text):
            return False
        if OLD_HOLDER.search(lines[j].text):
            return False
        if NEW_HOLDER.search(lines[j].text):
            return True
    return False


# "Ich bin seit 14 Jahren Ihr Kunde": the writer is the customer, whatever "Ihr Kunde" says elsewhere.
SELF_AS_CUSTOMER = re.compile(r"\b(ich|wir)\s+(bin|sind)\s+(\S+\s+){0,6}?(ihr|ihre)\s+kund\w*"
                              # "Mein Mann ... ist ebenfalls Ihr Kunde": the writer is one too
                              r"|\b(ist|sind)\s+(ebenfalls|auch)\s+(ihr|ihre)\s+kund\w*|\b(is|are)\s+also\s+your\s+customers?"
                              r"|\b(i am|i've been|i have been|we are)\s+(\S+\s+){0,4}?your\s+customers?", re.I)


def _text(lines: list[Line]) -> str:
    return "\n".join(line.text for line in lines)


def writer_is_not_the_customer(lines: list[Line]) -> bool:
    """The letter is written for the customer (a relative with power of attorney, a guardian, a
    lawyer) or by the person taking the contract over: "mein Konto", "erreichen Sie mich" are then
    the writer's, not the customer's."""
    text = SELF_AS_CUSTOMER.sub(" ", _text(lines))
    return bool(ON_BEHALF.search(text) or NEW_HOLDER_WRITES.search(text))


def someone_elses_account(lines: list[Line], i: int, start: int, end: int) -> bool:
    """The account at ``lines[i].text[start:end]`` is not the customer's.

    Its clause introduces a creditor's, trustee's, estate's, club's or office's account, or the words
    after it say another person holds it ("das ist nicht mein Konto"); it is a relative's, in a letter
    not written for that relative; it is the writer's own ("von meinem Konto") in a letter whose
    writer is not the customer and takes nothing over; or, in a letter reporting a death whose
    writer holds no contract of her own, it receives a pay-out or pays a last bill from a survivor's
    account. The contract dies with the customer, so what is left goes to the widow, the children
    or the estate; only the account of a survivor taking the contract over is the (new) customer's,
    as is the account the next holder names for the debits in a hand-over.
    """
    clause = clause_before(lines, i, start)
    death = any(DEATH.search(line.text) for line in lines)
    if death and DECEASEDS_OWN.search(clause) and not PAY_OUT.search(clause):
        return False  # "Sein Konto ... bleibt für die Abwicklung des Nachlasses bestehen": the customer's own
    remark = _REMARK.match(lines[i].text[end:])  # "DE92 ... (Konto des Bestattungshauses)"
    if THIRD_PARTY_ACCOUNT.search(clause) or HELD_BY_OTHER.search(lines[i].text[end:end + 40]) \
            or (remark and THIRD_PARTY_ACCOUNT.search(remark.group(1))):
        return True
    on_behalf = writer_is_not_the_customer(lines)
    text = _text(lines)
    takes_over = bool(TAKEOVER.search(text))
    if RELATIVES_ACCOUNT.search(clause) and not on_behalf and not (takes_over and FROM_NOW_ON.search(clause)):
        # (in a son's letter for his father, "auf das Konto meines Vaters" is the customer's; in a hand-over,
        # "Künftig bitte vom Konto meines Sohnes" is the next holder's, who becomes the customer)
        return True
    if THIRD_PERSONS_ACCOUNT.search(clause) and not (on_behalf or takes_over or death):
        return True  # (a letter about a deceased customer or a hand-over says "sein Konto" of the customer)
    writers = bool(WRITERS_ACCOUNT.search(clause))
    if death and not WRITERS_OWN_CONTRACT.search(text):
        if (PAY_OUT.search(clause) and not JOINT.search(clause)) or (writers and not takes_over):
            return True
    # the writer's own account, unless the writer takes the contract over ("ab der Übernahme von meinem Konto")
    return writers and on_behalf and not takes_over


def third_party_phone(text_before: str) -> bool:
    """The number after ``text_before`` (its line up to the number) is a hotel's, adviser's, dealer's, ...

    Only the part of the sentence after the customer's own line was last named counts: "my number
    is ..., the hotel's is ..." names the hotel for the second number only.
    """
    clause = text_before[-80:]
    if (ends := list(_SENTENCE_END.finditer(clause))):
        clause = clause[ends[-1].end():]
    if (own := list(OWN_LINE.finditer(clause))):
        clause = clause[own[-1].end():]
    return bool(THIRD_PARTY_PHONE.search(clause))


def names_the_line(text_before: str) -> bool:
    """The label right before a number (after the last digit before it) names the contract's line."""
    segment = re.split(r"\d", text_before)[-1]
    return bool(LINE_LABEL.search(segment))


def writes_for_own_business(lines: list[Line]) -> bool:
    """A firm writes about its own contracts and names nobody it writes for."""
    text = _text(lines)
    return bool(OWN_BUSINESS.search(text)) and not ON_BEHALF.search(text)
