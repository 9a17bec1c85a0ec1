"""English letters: the same intents as ``phrases_intent`` in the words English-speaking customers use.

Expats, students and companies write in English; their letters must be routed by what they want,
not dropped into 'sonstiges' for being foreign. Same template syntax as the German phrases.
"""

INTENT_EN: dict[str, list[str]] = {
    "kuendigung": [
        "[I hereby|Please accept this letter as notice that I|With this letter I] [cancel|terminate] my [contract|mobile contract|broadband contract|phone plan {tariff}] [at the earliest possible date|with effect from {date}|at the end of the minimum term].",
        "I [would like|want|wish] to [cancel|terminate|end] my [contract|subscription|landline and internet service|mobile plan] [as soon as possible|at the next possible date|by {date}] and [please|kindly] confirm the end date in writing.",
        "[As I am moving back to|Since I am relocating permanently to|Because I am leaving Germany for] {country}, I [am cancelling|hereby cancel|need to terminate] [my contract|the line {phone}|all my contracts] [with you|] [effective {date}|at the earliest possible date].",
        "This is my [formal|written] notice of [termination|cancellation] for [the contract with customer number {cn}|my account|the SIM card with number {phone}]. [Please send me a confirmation|Kindly confirm the termination date].",
        "[Due to the price increase|Because of the repeated outages|Following your price change] I [am exercising my special right of termination|terminate my contract extraordinarily|end my contract without notice] [as of {date}|with immediate effect|].",
        "[On behalf of|As managing director of] {company} [we hereby cancel|we give notice to terminate] [all our business lines|the framework agreement|our {count} company phones] [at the end of the term|by {date}].",
        "Please [do not renew|stop the automatic renewal of] my contract; [I am cancelling it|consider this my cancellation] [at the end of the current term|effective {date}].",
    ],
    "widerruf": [
        "I hereby [withdraw from|revoke] the contract [concluded on {date}|I signed online on {date}|made over the phone last week] [within the 14-day withdrawal period|in accordance with my statutory right of withdrawal|].",
        "[I am exercising|Please note I am exercising] my [14-day|statutory] right of withdrawal for [the order placed on {date}|the contract extension|the tariff change to {tariff}].",
        "[I changed my mind|After thinking it over|On reflection] [and withdraw|I would like to withdraw] from [the contract|my order|the upgrade] [I made {days} days ago|of {date}], [which is still within the withdrawal period|the 14 days have not yet passed].",
        "[The salesperson at my door|A caller on the phone|The shop assistant] [talked me into|pressured me into] a new contract; I [revoke it|withdraw from it] [within the statutory period|hereby|with this letter].",
        "I am [sending back|returning] [the starter pack|the device|the package] [unopened|] because I [withdraw from|cancel within the withdrawal period] [the contract of {date}|my order {order}].",
    ],
    "rechnung_reklamation": [
        "[My bill|The invoice] [for {month}|dated {date}|no. {invoice}] [charges me|includes] [{amount} euros|fees|items] that I [do not recognise|never ordered|cannot explain]; [please correct it|please check and correct the bill].",
        "I [dispute|object to|contest] the invoice [for {month}|of {date}|no. {invoice}] [because it is wrong|as the amount of {amount} EUR is incorrect|because of charges for third-party services].",
        "[Although I have|Despite having] a flat rate, [you charged me for|the bill shows] [calls|text messages|extra data] [of {amount} EUR|separately]. [Please issue a credit note|I expect a refund of {amount} EUR].",
        "[During my holiday in|While travelling in] {country} [I was charged roaming fees of {amount} EUR|roaming charges appeared on my bill], [although roaming was switched off|even though the EU roaming rules apply].",
        "[The discount you promised|The agreed credit of {amount} EUR|The loyalty rebate] is [missing from|not shown on] [my last bill|the invoice for {month}]; [please correct the invoice|kindly amend the bill].",
        "[You charged|I was billed] [the monthly fee twice|the old price instead of the new tariff|a connection fee I was told was waived]; [this is wrong|I do not accept this charge] and ask for [a corrected invoice|a refund].",
    ],
    "bankdaten": [
        "[My bank details have changed|I have switched banks|I have a new bank account]. [Please debit|From now on please collect] the monthly amounts from [IBAN {iban}|my new account {iban}].",
        "[Please find enclosed|Enclosed is|Attached you will find] [a signed SEPA direct debit mandate|a new direct debit mandate] for [my account {iban}|my new bank account].",
        "I [hereby revoke|cancel|withdraw] the [direct debit mandate|SEPA mandate|direct debit authorisation] [with immediate effect|for my account] and will [pay by bank transfer|transfer the amounts myself] in future.",
        "Please [update|change] the bank account [for my contract|in your records|for the direct debit] to [IBAN {iban}|{iban} at {bank}].",
        "[My old account|The previous account] [has been closed|no longer exists]; please [use|take the payments from] [the new IBAN {iban}|this account: {iban}] [from now on|starting next month].",
    ],
    "adressaenderung": [
        "[I have moved|We have moved|I am moving on {date}]. [My new address is|Please send all mail to|The new address is]: {street}, {zip} {city}.",
        "Please [update|change] [my postal address|the billing address|my contact details] [in your records|for my account] to {street}, {zip} {city}.",
        "[Since my marriage|After my divorce|Following my wedding] my [surname|name] is now {surname}; please [update your records|change the name on my account] [accordingly|and send letters to my new name].",
        "[Your letters|The bills] [still go to|keep arriving at] my old address; [please use|kindly note] my [new|current] address {street}, {zip} {city}.",
    ],
    "rufnummernmitnahme": [
        "I [would like|want] to [take my number {phone} with me|port my number {phone}] to {operator}; [please release it|please confirm the porting|please provide the porting code].",
        "[I am switching|We are moving] to {operator} and [request|ask for] the [transfer|porting] of [my mobile number|the number {phone}] [on {date}|at the end of my contract].",
        "[Please confirm|Kindly agree to] the number porting request [from {operator}|for {phone}] [so that I can keep my number|so my number is not lost].",
        "[My new provider|{operator}] [needs your consent|is waiting for your confirmation] to [transfer|port] my phone number {phone}; [please send it|please process it] [as soon as possible|without delay].",
    ],
    "vertragsuebernahme": [
        "[My daughter|My son|My husband|My partner] [will take over|wants to take over] my contract [with the number {phone}|for the line {phone}|with customer number {cn}] [from {date}|as of next month]; [the signed form is enclosed|both of us have signed the transfer form].",
        "I [would like|wish] to [transfer|hand over] my contract to {name} [because I am moving abroad|as I no longer need it|]. [Please change the contract holder|Please register the new owner].",
        "[The company|Our firm] {company} [takes over|is taking over] the contracts of {name} [with effect from {date}|from next month]; please [change the account holder|transfer the contracts to us].",
        "Please [register|record] a change of contract holder: [the new holder|the person taking over] is {name}, [the number {phone} stays the same|all terms remain unchanged].",
    ],
    "sterbefall": [
        "[My father|My mother|My husband|My wife] {name} [passed away|died] on {date}. [Please end|Please cancel|Kindly terminate] [the contract|the phone line|his contract|her contract] [and send the final bill to me|; the death certificate is enclosed].",
        "[I am writing as|As] the [executor|heir|next of kin] of the late {name}, who died on {date}; [please close the account|please terminate all contracts in the deceased's name] [and refund any credit|].",
        "[Unfortunately|Sadly] [my husband|my wife|my mother] has died. [A copy of the death certificate is enclosed|I enclose the death certificate], please [end the contract|take the contract over to my name|close the line {phone}].",
        "[Following the death of|After the passing of] {name} [on {date}|last month], [we ask you to|please] [cancel the contract|stop the direct debits|send all correspondence to the estate].",
    ],
    "beschwerde": [
        "I [want to complain about|am writing to complain about|am very unhappy with] [your customer service|the network coverage|the repeated internet outages|how my case was handled] [over the last {count} weeks|since {date}|].",
        "[For weeks|Since {date}|Again and again] [my internet keeps dropping|there has been no signal at my flat|the hotline has not called me back]; [this is unacceptable|I expect a solution|please finally fix this].",
        "[The technician|Your engineer] [did not turn up|missed the appointment] [on {date}|twice|three times] and [nobody|no one] [informed me|called to apologise]; I [want to make a formal complaint|am deeply disappointed].",
        "[Your staff member|The employee in the shop|The agent on the hotline] was [rude|unfriendly|unhelpful] [to me|on {date}]; [I expect an apology|please look into this|this is not how customers should be treated].",
    ],
    "zahlung_mahnung": [
        "[I received your reminder of {date}|Regarding your payment reminder dated {date}|Your dunning letter arrived], [but I already paid|however the amount was paid] [on {date}|by bank transfer]; [proof of payment is enclosed|please check your records].",
        "I [cannot pay|am unable to pay] the [outstanding amount|bill of {amount} EUR] [in full|at once] [at the moment|right now] and [ask for|would like to arrange] [payment in instalments|a deferral until {date}|monthly instalments of {amount2} EUR].",
        "[Please stop|Kindly cancel] the [reminder fees|collection process|dunning charges] [of {amount2} EUR|]: [the payment was made on {date}|the direct debit failed because of your error].",
        "[Enclosed|Attached] [is|please find] [a copy of my transfer|the bank statement] showing [payment|that I paid {amount} EUR] [on {date}|for the {month} invoice]; [please stop the reminders|please cancel the reminder].",
    ],
    "geraet_retoure": [
        "[My router|The smartphone|My {device}] [is broken|stopped working|has a defect] [after {count} weeks|since {date}|under warranty]; [please repair or replace it|I am returning it for repair|please send me a replacement].",
        "I am [returning|sending back] [the {device}|the rented router|the device] [because my contract has ended|as agreed|for repair]; [please confirm receipt|please send me a return label].",
        "[I never received|I am still waiting for] [the SIM card|my new phone|the ordered {device}] [ordered on {date}|from order {order}]; [please send it again|please check the delivery].",
        "[The device you sent|The replacement {device}] [arrived damaged|is the wrong model|does not switch on]; [please exchange it|I want to return it|please arrange a pickup].",
    ],
    "behoerde_recht": [
        "[On behalf of my client|As the lawyer of|Representing] {name} [we request|we demand] [information about the contract|copies of all invoices|that you refrain from further collection] [by {date}|within two weeks]. [Case ref. {order}|Our ref.: {order}].",
        "[In the insolvency proceedings|In the matter] concerning {name}, [case no. {order}|file {order}], [the administrator asks|please note that the court has ordered] [to stop all debits|to send the claims|to register your claims].",
        "[The public prosecutor's office|The police department|The district court] [requests|orders] [subscriber information|connection data|the disclosure of the owner] for the number {phone} [in case {order}|pursuant to the court order of {date}].",
        "[An attachment order|A garnishment order] [of the district court|issued on {date}] [concerning|against] {name} [is enclosed|has been served]; [please withhold payments|please comply with the order].",
    ],
}

SUBJECTS_EN = {
    "kuendigung": ["Cancellation", "Notice of termination", "Termination of contract {cn}", "Contract cancellation"],
    "widerruf": ["Withdrawal", "Withdrawal from contract of {date}", "Revocation of my order"],
    "rechnung_reklamation": ["Invoice dispute", "Wrong bill", "Objection to invoice {invoice}", "Billing error"],
    "bankdaten": ["New bank details", "Change of bank account", "Direct debit mandate"],
    "adressaenderung": ["Change of address", "New address", "Moving house", "Name change"],
    "rufnummernmitnahme": ["Number porting", "Keep my number", "Porting {phone}"],
    "vertragsuebernahme": ["Contract transfer", "Change of contract holder"],
    "sterbefall": ["Bereavement", "Death of account holder", "Contract of my late husband"],
    "beschwerde": ["Complaint", "Formal complaint", "Poor service", "Network problems"],
    "zahlung_mahnung": ["Your reminder of {date}", "Payment plan", "Payment reminder"],
    "geraet_retoure": ["Device return", "Repair", "Faulty router", "Missing SIM card"],
    "behoerde_recht": ["Our ref. {order}", "Insolvency of {name}", "Request for information"],
    "sonstiges": ["Enquiry", "Question", "Information", "Thank you", "Your letter of {date}", "Data request"],
}

# English mail that belongs to no type.
OTHER_EN = [
    "[Could you tell me|I would like to know] [how much data I have left|which plans you offer for students|where your nearest shop is|the PUK for my SIM card]? [Thank you in advance|Please reply by post].",
    "[Thank you|Many thanks] for [the quick help|the friendly advice in your shop|fixing the problem so fast]. [I am very satisfied|Keep up the good work].",
    "[Please find enclosed|We are pleased to send you] [our new catalogue|our price list|an offer for office supplies|our cleaning services brochure]. [We look forward to your order|Do not hesitate to contact us].",
    "[This letter|The enclosed letter] [was sent to me by mistake|is not for me|arrived at our address], [the addressee does not live here|please forward it|I am returning it].",
    "[Under Article 15 GDPR|In accordance with data protection law] I [request a copy of|ask for information about] the personal data you hold about me.",
    "[I am applying|Please accept my application] for [the trainee position|an internship|the job as sales assistant]; [my CV is enclosed|my references are attached].",
    "[Is there|Do you have] [a plan with more data|a cheaper offer for my family|a phone with large buttons]? [Please send me information|I would like an offer].",
    "[Please send me|I would like] [a copy of my contract|a summary of my contracts|a certificate for the tax office] [by post|for my records].",
    "[You are invited|We cordially invite you] to [our summer party|the opening of our new branch|an information evening] on {date}. [We look forward to seeing you|Please reply by {date}].",
]

# English mail from outside the taxonomy that names a type's topic words in passing (router, bill,
# contract, SIM card, number): the words alone must not decide a type, in English as in German.
OTHER_EN += [
    "[My router works fine|The new router is working|Everything with the connection is fine], I [only|just] want to know how to [change the Wi-Fi password|switch on caller ID|block premium-rate numbers|set up the voicemail]. [Please send me instructions by post|A short guide would help].",
    "I am [happy with|satisfied with] my contract and [do not want to cancel|am not thinking of leaving]; [can you tell me|could you let me know] whether [an upgrade to a faster plan|a new phone with the renewal|a discount for long-standing customers] is possible?",
    "[Please send me|Could I have] a copy of [my last bill|the invoices for {month}|my annual statement] for my [tax return|records|employer]; the bill itself is correct.",
    "Can I add [a second SIM card|a data-only SIM|a card for my daughter] to my [plan|contract], and what would it cost per month? [I do not want to change anything else|Everything else should stay as it is].",
    "[Thank you for replacing my router so quickly|Many thanks for sorting out the bill last month|Thanks to your technician for the quick repair], [everything works now|I am very pleased|that was excellent service].",
    "[I saw your advertisement for|A neighbour told me about] [fibre broadband|your new family plan|the TV package]; [is it available at my address|how much would it cost|can someone advise me]?",
    "[This letter about|The enclosed letter about] [a meter reading|the rent increase|a parking fine|a gym membership] [was clearly meant for another company|is not for you, I am sorry|was sent to you by mistake]; [please ignore it|please forward it].",
]

GREET_EN = ["Dear Sir or Madam,", "Dear Sir/Madam,", "Hello,", "To whom it may concern,", "Dear customer service team,"]
CLOSE_EN = ["Yours faithfully", "Kind regards", "Best regards", "Sincerely", "Many thanks and best wishes"]
CN_LABELS_EN = ["Customer number:", "Customer no.", "Account number:", "Customer ID"]

# English side remarks that do not change what the letter wants.
SIDE_EN = [
    "Please confirm receipt of this letter in writing.",
    "[You can reach me|I can be reached] on {phone} [during the day|in the evening].",
    "[My contract runs until {date}|I have been your customer for {count} years].",
    "[The hotline could not help me|I could not get through on the phone], [so I am writing|hence this letter].",
    "[Please reply by post|Please answer by email to {email}], I do not want to be called.",
]

# Cancellation words about the past or a threat: the letter is about something else (a bill, a
# complaint, a device), so these remarks are mixed into those types, never into 'kuendigung'.
PAST_CANCEL_EN = [
    "I [had already|already] [cancelled|terminated] [my contract|the line|the contract] [on {date}|in {month}|last year].",
    "[Despite|After|Since] my cancellation [of|dated] {date} [I still get letters from you|the line is still active|I have heard nothing from you].",
    "[If this is not fixed|Unless I hear from you|If the problem continues] by {date}, [I will cancel my contract|I will switch to {operator}|I will consider cancelling].",
]
PAST_CANCEL_FOR_EN = {"rechnung_reklamation", "beschwerde", "geraet_retoure", "sonstiges"}

# Everyday English: the reason first, the wish at the end, without the formal keywords.
INTENT_EN_STORY: dict[str, list[str]] = {
    "kuendigung": [
        "[I hardly use the phone any more|The plan has become too expensive for me|I have found a cheaper offer elsewhere|My job is taking me abroad], so [please end the contract|I want to stop the service|I'd like to leave] [when the minimum term is over|as soon as you can|at the end of {month}] and [tell me the last day|confirm this in writing].",
        "[We no longer need|There is no use any more for] [the second SIM card|the landline at our old flat|the data plan], [please switch it off|please close it|please stop it] [at the end of the term|from {date}] [and send a final bill|].",
    ],
    "widerruf": [
        "[I only signed up|I ordered the upgrade|I agreed to the new plan] [{days} days ago|last week|on {date}] but [I have changed my mind|it is not what I was promised|I do not want it after all]; [I am still within the 14 days and withdraw|please treat this as my withdrawal|I withdraw from it now].",
    ],
    "rechnung_reklamation": [
        "[Something is wrong with|I do not understand] my [latest bill|invoice for {month}]: [it is {amount} euros instead of the usual {amount2}|there are charges for calls I never made|a fee appears that nobody told me about]. [Please check it and send me a corrected one|Please take the charge off|I would like my money back].",
    ],
    "bankdaten": [
        "[From next month|Starting now|From {date}] the money should come from [a different account|my wife's account|our joint account]: [IBAN {iban}|{iban}]. [The old account will be closed|Please stop using the old one].",
    ],
    "adressaenderung": [
        "[Just to let you know|Please note], [we have left|I no longer live at] [the old address|{city}] [and now live at|; my new home is] {street}, {zip} {city}. [Please write to me there|Please change it on my account].",
    ],
    "rufnummernmitnahme": [
        "[I have signed up with|I am moving to] {operator} [and I want to keep|but would like to keep] [my mobile number|the number {phone}] [I have had for years|]; [please let them have it|please allow the transfer|what do I need to do for the port]?",
    ],
    "vertragsuebernahme": [
        "[My son is now an adult|My partner is moving in with me|I am handing the business over], [so the contract|and the phone contract|so the line {phone}] should [be in|go to|pass to] [his name|her name|the new owner's name] [from now on|from {date}]. [What forms do you need|We both agree].",
    ],
    "sterbefall": [
        "[It is with great sadness that I tell you|I have to let you know] that [my husband|my mother|my father] {name} [died|passed away] [on {date}|last month]. [What happens to the contract now|Please close the account|I would like to take over the number].",
    ],
    "beschwerde": [
        "[I have been a loyal customer for {count} years and|Honestly,] [I have never been treated so badly|I am fed up with the constant problems|your service has become terrible]: [nobody answers the hotline|the connection drops every day|promises are not kept]. [I want someone to take this seriously|Please do something about it].",
    ],
    "zahlung_mahnung": [
        "[I lost my job|I have been ill for weeks|Money is very tight this month] and [cannot pay the {amount} EUR in one go|need more time for the open bill]. [Could I pay in instalments of {amount2} EUR|Can you wait until {date}|Please stop the reminder fees while we sort this out]?",
    ],
    "geraet_retoure": [
        "[The phone you sent me|My new router|The tablet] [keeps switching off|has a cracked screen|never worked properly] [since it arrived|after {count} days]. [How do I send it back|Please exchange it|I want it repaired under warranty].",
    ],
    "behoerde_recht": [
        "[This office|The court] [is dealing with|handles] the [insolvency|estate|enforcement] of {name} under [file|reference] {order}. [Please send us all open claims|Please stop any debits|Please provide the requested records] [by {date}|within 14 days].",
    ],
}
for _label, _extra in INTENT_EN_STORY.items():
    INTENT_EN[_label] += _extra

# Short, plain and business wording: how people write when English is not their first language,
# and how offices write.
INTENT_EN_PLAIN: dict[str, list[str]] = {
    "kuendigung": [
        "[Please|Kindly] [end|close|stop] my [contract|account|line {phone}|internet] [at the end of the term|as soon as possible|from {date}]. I do not want to [continue|renew it|stay]. [Please send confirmation|Thank you].",
        "[Notice of cancellation|Termination notice]: [we|I] [give notice on|are ending] [the contract|customer account {cn}|all services] [with effect from {date}|at the next possible date]; [please confirm the end date in writing|no retention offers, please].",
    ],
    "widerruf": [
        "[Please cancel|Please reverse] the [contract|order|tariff change] I [made|placed|agreed to] [on {date}|online|by phone]; [I use my right to withdraw within 14 days|it is within the cooling-off period|the 14 days are not over].",
        "[Withdrawal notice|Notice of withdrawal]: [I|we] [withdraw from|revoke] [the contract for {tariff}|order {order}|the agreement of {date}] [under consumer law|within the statutory period].",
    ],
    "rechnung_reklamation": [
        "[The bill is wrong|There is a mistake on my bill|I think I was overcharged]. [You charged|I paid] {amount} EUR [but my plan costs|instead of] {amount2} EUR. [Please correct it|Please give me a credit].",
        "[We query|We dispute] [invoice {invoice}|your invoice of {date}]: [the items listed|the usage charges|the one-off fee] [were not agreed|do not match our contract]; [please issue a corrected invoice|please credit the difference].",
    ],
    "bankdaten": [
        "[New bank account|Please note my new bank details]: [IBAN {iban}|{iban}, {bank}]. [Please take the monthly payment from this account|Please use it for the direct debit] [from now on|starting {month}].",
        "[We have changed our bank|Our company account has moved to {bank}]; [please amend the direct debit|please update the mandate] to IBAN {iban} [with effect from {date}|immediately].",
    ],
    "adressaenderung": [
        "[New address|Change of address] [from {date}|as of now]: {street}, {zip} {city}. [Please update my account|Please send letters there].",
        "[Our office has moved|We have relocated our company] to {street}, {zip} {city}; [please update the billing address|please change the address on all our contracts].",
    ],
    "rufnummernmitnahme": [
        "[Please port|Please transfer] my [number|mobile number] {phone} to {operator}. [I want to keep it|It is important that I keep this number]. [My contract ends on {date}|Please confirm].",
        "[We request|Please process] the [number porting|transfer] of [our numbers|the number {phone}] to {operator} [on the agreed date|by {date}]; [the authorisation is enclosed|both sides have agreed].",
    ],
    "vertragsuebernahme": [
        "[Please transfer|Please move] the contract [for {phone}|with customer number {cn}] [to|into the name of] {name}. [He agrees|She agrees|We both signed]. [Everything else stays the same|The number stays].",
        "[Change of account holder|Transfer of contract]: [from {date}|with effect from next month] {name} [takes over|becomes the holder of] [the contract|the line {phone}]; [please send the new holder the documents|the form is enclosed].",
    ],
    "sterbefall": [
        "{name} [has died|died on {date}]. [I am the son|I am the daughter|I am the widow|I am the widower]. [Please cancel the contract|Please close the account|Please end all services] [and send the last bill to me|; the certificate is attached].",
        "[Deceased customer|Notification of death]: {name}, [customer number {cn}|line {phone}], [died on {date}|has passed away]; [please terminate the contract as of the date of death|please refund any remaining credit to the estate].",
    ],
    "beschwerde": [
        "[I am not happy|I am angry|I am disappointed] [with your service|with your hotline|with how you treat customers]. [Nobody helps me|I waited {count} hours on the phone|I was promised a call back that never came]. [Please fix this|I want an answer].",
        "[Formal complaint|We wish to complain] regarding [the repeated service failures|the conduct of your staff|the missed installation on {date}]; [we expect a written response within 14 days|please escalate this to a manager].",
    ],
    "zahlung_mahnung": [
        "[I got a reminder|I received a warning letter] [but I paid already|for a bill I have paid]. [I paid on {date}|The money left my account on {date}]. [Please check|Please remove the fee].",
        "[Regarding your reminder|With reference to your second reminder] [of {date}|for {amount} EUR]: [we propose to pay in {count} monthly instalments|we ask for a payment extension until {date}|payment was made on {date}, please reconcile].",
    ],
    "geraet_retoure": [
        "[My phone is broken|The router does not work|The SIM card does not work] [since {date}|after {count} days]. [Please send a new one|Please repair it|How can I send it back]?",
        "[We are returning|Please find returned] [the rented equipment|{count} devices|the faulty {device}] [under the warranty|after the end of the contract|as instructed]; [please confirm receipt|please issue a replacement].",
    ],
    "behoerde_recht": [
        "[By order of the court|Under the enforcement order] of {date}, [case {order}|file no. {order}], [you are required to|please] [disclose the customer data of {name}|freeze any credit balance of {name}|stop payments to {name}].",
        "[As insolvency administrator|As legal representative] of {name} [I hereby notify you|I inform you] of [the opening of insolvency proceedings|my appointment] [on {date}|under case {order}]; [please address all correspondence to me|please send a statement of account].",
    ],
}
for _label, _extra in INTENT_EN_PLAIN.items():
    INTENT_EN[_label] += _extra
