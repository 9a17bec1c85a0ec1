"""The words around a phone number that say what it is and whose: its labels ("Rufnummer", "Tel.",
"Fax"), and what is said before or after it (another person's line, the writer's own contact, a line
that stays, a stop-gap number, the line an authority asks about).

Kept apart from ``phone``, which scores numbers with them, so that the finder's rules read as rules.
"""

from __future__ import annotations

import re

from station.fields.parties import RELATIVE

TEL_LABEL = re.compile(r"(^\s*line\s*:|tel|telefon|fon|handy|mobil|rufnummer|anschlu(ss|ß)|landline|festnetz|erreichbar|erreichen|rufen\b|nummer|ruf\b|number|phone|cell|reach me"
                       r"|\bsms\b|whatsapp|\bkarte\b|\bsim\b"
                       # "the business line +49 174 ...", "die Leitung 0911 ...": the word right before the number
                       # ("my own line", "my partner's line" are another matter: ``WRITERS_LINE``, ``HERS``)
                       r"|\b(the|this|that|die|diese)\s+(\w+\s+)?(line|leitung)\s*:?\s*$|\bmy\s+line\s*:?\s*$"
                       # "KNr. 75459-21152, Vertrag: 0157 ...": the contract's number
                       r"|\b(vertrag|contract)\s*:\s*$)",
                       re.I)
# Labels strong enough to repair or join what follows them (not "Nummer": invoices have numbers too).
REPAIR_LABEL = re.compile(r"(\btel\.?\s*-?\s*nr\b\.?|\btel\b\.?|mobile|phone|(telefon|handy|mobil)(nummer|nr\b\.?)?|\bfon\b"
                          r"|rufnummer|erreichbar|\banschlu(ss|ß)(nummer)?\b)", re.I)
FAX_LABEL = re.compile(r"(fax|telefax)", re.I)
TEMPORARY = re.compile(r"(temporary|vorläufig\w*|vorlaeufig\w*|übergangs\w*|interims\w*|ersatz)\s+(\w+\s+)?(\w+-)?"
                       r"(number|nummer|rufnummer)", re.I)  # also "vorläufige Lumen-Rufnummer"
# The number of whoever the letter is written to (formal "Ihre", capitalised): its hotline, not the customer's line.
ADDRESSEE = re.compile(r"\b(Ihre|Ihrer|Ihrem)\s+(Telefonnummer|Hotline|Service\w*|Faxnummer|Kundenhotline|Zentrale)\b"
                       r"|\byour\s+(phone\s+number|hotline|service\s+(number|line)|fax\s+number)\b")
# Said right after a number: it is not a line of the operator written to.
NOT_OURS = re.compile(r"\W*((das\s+ist\s+|that's\s+|which\s+is\s+)?bei\s+[A-ZÄÖÜ]\w+,?\s+nicht\s+bei\s+(ihnen|euch)"
                      r"|nicht\s+bei\s+(ihnen|euch)|not\s+with\s+you|bei\s+(einem\s+)?anderen\s+anbieter"
                      r"|(läuft|ist)\s+bei\s+(ihnen|euch)\s+nicht\b"
                      r"|(with|at)\s+(another|a different)\s+(provider|operator|carrier))", re.I)
# Said right after a number: somebody else's line ("0761 97889258, das gehört aber dem Hauptmieter"), or
# the writer's line at work ("0221 678349 (dienstl.)"), not the contract's.
NOT_THE_CUSTOMERS = re.compile(r"\W*((das|der|die|which|that)\s+(gehört|belongs)\s+(aber\s+|however\s+)?(nicht\s+(mir|uns)"
                               r"|dem|der|den|meine\w*|to\s+(my|the|a|his|her))\b|\(\s*(dienstl\w*|work|office|arbeit\w*)\W"
                               # "Meine private Nummer 0160 ... ist nicht betroffen": named to be left out
                               r"|(ist|is|sind|are)\s+(davon\s+|hiervon\s+)?(nicht|not)\s+(betroffen|affected|gemeint|meant|concerned)\b"
                               # "(alt: ..., Festnetz 0911 736285 - gibts nicht mehr)": a line that is gone
                               r"|\W*(gibt'?s|gibt\s+es)\s+(\w+\s+){0,2}nicht\s+mehr|\W*(existiert|besteht)\s+nicht\s+mehr"
                               r"|\W*(is\s+)?no\s+longer\s+(exists|in\s+use|active)"
                               # "(not on our account)": a private line beside a firm's lines
                               r"|\(?\s*(not\s+on\s+our\s+(account|contract)|nicht\s+(auf|über|in)\s+unse\w+\s+(konto|vertrag|rechnung)))",
                               re.I)
# The line an authority asks about (its holder's data), against the others its request names for context.
ASKED_ABOUT = re.compile(r"\b(bestandsdaten|auskunft|inhaber\w*|holder|subscriber)\s+(\S+\s+){0,3}?(des|der|zum|zu\s+dem|über\s+den"
                         r"|of\s+the|for\s+the)\s+(anschluss\w*|rufnummer|line|number)\s*:?\s*$", re.I)
# Another person's line named right before it, in a letter whose writer is the customer ("ihr" lower-case:
# "Ihr" is the firm written to).
HERS = re.compile(r"\b(?:(?i:her|his|their)|ihr(e|er|em)?|sein(e|er|em)?)\s+(?i:own\s+|eigene\w*\s+)?"
                  r"(?i:number|phone|mobile|landline|nummer|handy|festnetz\w*|rufnummer|telefon\w*)(\s+(?i:is|ist))?\W*$")
WRITERS_LINE = re.compile(r"\b(my|mein\w*)\s+(own\s+|eigene\w*\s+)?(line|number|mobile|phone|nummer|handy|rufnummer"
                          r"|anschluss|vertrag|contract)\b", re.I)
OLD_NUMBER = re.compile(r"\b(alt\w*|bisherig\w*|früher\w*|old|previous|former)\s+(\w+\s+)?"
                        r"(\w*nummer|number|anschluss)", re.I)
PORTING = re.compile(r"(mitnehm\w*|mitnahme|portier\w*|\bport(ing|ed)?\b|keep my (old )?number)", re.I)
# The writer's own contact: "Sie erreichen mich unter", "rufen Sie mich an", "you can reach me on".
_KIN = (r"(\w+\s+)?(mutter|vaters?|mann(es)?|frau|sohn(es)?|tochter|eltern|oma|opa|großmutter|großvaters?|schwester"
        r"|bruders?|schwieger\w*|enkel\w*|kind\w*|partner\w*|lebensgefährt\w*|mother|father|husband|wife|son|daughter"
        r"|parents?|grand\w*|sister|brother|partner|tante|onkels?|neffen?|nichte|cousin\w*|aunt|uncle|nephew|niece)\b")
WRITER_CONTACT = re.compile(rf"\b(mich|mir|me)\b|\b(mein\w*|my)\b(?!\s+{_KIN})", re.I)
OWN_WORD = re.compile(r"\b(eigene[nmrs]?|own)\b", re.I)
# The line of the person the letter is about ("seine Nummer", "her mobile"), not the writer's own.
THIRD_PERSON_LINE = re.compile(r"\b(sein\w*|ihr(e|er|es|en|em)?|his|her|deren|dessen)\s+(\w+\s+)?"
                               r"(nummer|rufnummer|handy\w*|anschluss|mobil\w*|number|phone|mobile)", re.I)

# A relative who has a contract of their own: "Mein Mann hat auch einen Vertrag bei Ihnen mit der Nummer ..."
OWN_CONTRACT = re.compile(r"\b(hat|has)\s+(auch\s+|also\s+|ebenfalls\s+|selbst\s+)?(einen|ein|eine|a|his|her)\s+(eigenen?\s+|own\s+)?"
                          r"(\w*vertrag|contract|handy|sim|sim-karte|anschluss|mobile|phone|line)\b", re.I)
# Somebody else the writer names as "mein ...": a relative, or a person at work or at home.
OTHER_PERSON = re.compile(rf"{RELATIVE.pattern}|\b(mein\w*|unser\w*|my|our)\s+(lehrling|azubi|auszubildend\w*|mitarbeiter\w*"
                          r"|kolleg\w*|freund\w*|nachbar\w*|mitbewohner\w*|angestellt\w*|apprentice|employee|colleague"
                          r"|friend|flatmate|neighbou?r)\b", re.I)
# Said right after a number: it stays as it is, so the letter's change is about another line.
STAYS = re.compile(r"\W*((die|das|der|which)\s+(soll|muss|should|must)\s+(\w+\s+)?(bleiben|stay|remain)\b"
                   r"|((die|das|der|which|that|it)\s+)?(bleibt|bleiben|stays|remains)\s+(bei\s+(mir|uns|ihnen)\b|unverändert|bestehen|wie\s+(sie|er|es)\s+ist"
                   r"|im\s+bisherigen|weiter\s+(aktiv|bestehen)|with\s+me\b|unchanged))", re.I)
