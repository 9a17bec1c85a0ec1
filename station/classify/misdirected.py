"""Mail meant for another firm: a meter reading for the utility, a heating complaint for the landlord.

Such a letter lands in the mailroom by mistake and goes back or on; it carries that firm's numbers
(a contract account that may even pass our check digit, the customer's phone for the landlord), and
indexing them would file it on an account of ours. A letter is taken as meant for another firm only
when all of these hold: the model reads it as other mail (``sonstiges``), it speaks of another trade's matters
(meters, rent, insurance policies, tax) and it says nothing of telephones, lines, SIMs or tariffs;
or when it is read as a cancellation of something that is not ours (it then waits for a person
anyway). Its fields are then left empty; what a person sees is the letter and its type.
"""

from __future__ import annotations

import re

from station.classify.cancel_cues import TELECOM_OBJECT, cancels_something_else
from station.classify.model import CANCELLATION
from station.taxonomy import FALLBACK_ID

OTHER_TRADE = re.compile(
    r"(zählerstand|zaehlerstand|zählernummer|zähler\s*-?\s*nr|\bkwh\b|abschlag\w*|stromzähler|gaszähler"
    r"|heizung|heizkörper|\bmieter\w*|\bmiete\b|nebenkosten\w*|vermieter\w*|hausverwaltung|wohnungsbau"
    r"|versicherungs(nummer|schein)|krankenkasse|versichertennummer|finanzamt|steuernummer|stadtwerke"
    r"|meter reading|\brent\b|landlord|insurance policy|tax office)",
    re.I,
)


def meant_for_another_firm(text: str, doc_type: str) -> bool:
    """The letter is another firm's mail (see the module text), or cancels something that is not a
    contract with us (a flat, a membership: ``cancel_cues.cancels_something_else``); its index
    fields are not ours."""
    if doc_type == CANCELLATION:
        return cancels_something_else(text)
    return doc_type == FALLBACK_ID and bool(OTHER_TRADE.search(text)) and not TELECOM_OBJECT.search(text)
