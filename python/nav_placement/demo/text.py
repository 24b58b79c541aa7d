"""Norwegian-looking names and free-text answers for the synthetic deliveries.

Nothing here is a published figure: these are the words a real office list and a real
Questback export would carry, so the warehouse meets æøå, variants and messy free text.
"""

from __future__ import annotations

import numpy as np

# Synthetic place names are a stem plus an ending; the county files add real city districts.
NAME_STEMS = (
    "Ask", "Berg", "Bjør", "Bø", "Dal", "Eid", "Fjell", "Flå", "Frø", "Gjer", "Grå", "Hal",
    "Hol", "Hov", "Kvam", "Kvi", "Lang", "Lin", "Løn", "Mel", "Nes", "Nord", "Os", "Rau",
    "Rød", "Sand", "Skog", "Sol", "Stor", "Sæ", "Sør", "Tin", "Tve", "Vang", "Vest", "Vik",
    "Øy", "Ål", "Aur", "Bru", "Eng", "Her", "Kors", "Lyng", "Sel", "Sjø", "Brå", "Fosn",
)
NAME_ENDINGS = (
    "vik", "dal", "øy", "fjord", "nes", "stad", "sund", "berg", "land", "heim", "våg", "bø",
    "ås", "ør", "by", "set", "rud", "haug", "eid", "strand", "voll", "lia", "mark", "hamn",
)

# City districts with their own NAV office: (municipality suffix, district names).
CITY_DISTRICTS = {
    "03": ("01", ("Alna", "Bjerke", "Frogner", "Gamle Oslo", "Grorud", "Grünerløkka",
                  "Nordre Aker", "Nordstrand", "Sagene", "St. Hanshaugen", "Stovner",
                  "Søndre Nordstrand", "Ullern", "Vestre Aker", "Østensjø")),
    "12": ("01", ("Bergenhus", "Årstad", "Fana", "Laksevåg", "Åsane", "Ytrebygda",
                  "Fyllingsdalen", "Arna")),
    "16": ("01", ("Falkenborg", "Heimdal", "Lerkendal", "Midtbyen")),
    "11": ("03", ("Eiganes og Tasta", "Hillevåg og Hinna", "Madla", "Hundvåg og Storhaug")),
}

# Towns that hold a county's largest single-municipality offices.
COUNTY_TOWNS = {
    "01": ("Fredrikstad", "Sarpsborg", "Moss", "Halden"),
    "02": ("Bærum", "Asker", "Lillestrøm", "Lørenskog", "Ski"),
    "04": ("Hamar", "Elverum", "Kongsvinger"),
    "05": ("Lillehammer", "Gjøvik"),
    "06": ("Drammen", "Kongsberg", "Ringerike"),
    "07": ("Tønsberg", "Sandefjord", "Larvik"),
    "08": ("Skien", "Porsgrunn"),
    "09": ("Arendal", "Grimstad"),
    "10": ("Kristiansand", "Mandal"),
    "11": ("Sandnes", "Haugesund"),
    "12": ("Askøy", "Os"),
    "14": ("Førde", "Sogndal"),
    "15": ("Ålesund", "Molde", "Kristiansund"),
    "16": ("Orkdal",),
    "17": ("Steinkjer", "Levanger", "Stjørdal"),
    "18": ("Bodø", "Rana", "Narvik"),
    "19": ("Tromsø", "Harstad"),
    "20": ("Alta", "Hammerfest"),
}

# County urbanity: how likely a county's offices are large (Oslo's districts nearly all are).
COUNTY_URBANITY = {
    "01": 0.8, "02": 1.5, "03": 3.5, "04": -0.1, "05": -0.2, "06": 0.6, "07": 0.9, "08": 0.2,
    "09": 0.1, "10": 0.5, "11": 0.9, "12": 0.7, "14": -0.6, "15": 0.0, "16": 0.3, "17": -0.2,
    "18": -0.3, "19": -0.1, "20": -0.5,
}

# First and last postal code of each county (pre-2018 counties), for Q4.
POSTAL_RANGES = {
    "01": (1500, 1899), "02": (1900, 2099), "03": (150, 1299), "04": (2200, 2499),
    "05": (2600, 2999), "06": (3300, 3599), "07": (3100, 3299), "08": (3600, 3999),
    "09": (4800, 4999), "10": (4400, 4799), "11": (4000, 4399), "12": (5000, 5499),
    "14": (6800, 6999), "15": (6000, 6699), "16": (7000, 7399), "17": (7500, 7899),
    "18": (8000, 8999), "19": (9000, 9499), "20": (9500, 9999),
}

JOB_TITLES = (
    ("Enhetsleder", 30), ("NAV-leder", 25), ("Leder", 10), ("Avdelingsleder", 10),
    ("Kontorsjef", 5), ("Konstituert NAV-leder", 3), ("Teamleder marked", 4),
    ("Markedskoordinator", 5), ("Fagleder", 4), ("Avdelingsleder arbeid og oppfølging", 4),
)

ORG_FORM_OTHER = (
    "Lite kontor, ingen formell inndeling", "Vi er så få at alle gjør litt av alt",
    "Kombinasjon av team og avdelinger", "Organisert etter brukergrupper",
    "Mottak og oppfølging", "Matriseorganisering", "Én statlig og én kommunal gruppe",
    "Inngangsparti og to oppfølgingsgrupper", "Organisert i fagområder",
    "Flat struktur med leder og fagkoordinator",
)

PRIORITY_MEASURES = (
    "Egen markedsgruppe med faste markedskontakter", "Faste besøk hos de største arbeidsgiverne",
    "Jobbklubb for ungdom", "Ukentlige markedsmøter", "Samarbeid med nabokontorene om arbeidsgiverkontakt",
    "Rekrutteringsmøter og jobbmesse sammen med næringslivet", "Egen markedsplan for kontoret",
    "Mer arbeidspraksis og lønnstilskudd i ordinære bedrifter", "Flere bedriftsbesøk",
    "Tettere oppfølging av arbeidssøkere under 25 år", "Kompetanseheving i markedsarbeid for veilederne",
    "Fast kontaktperson for hver bransje", "Styrket samarbeid med fylkets markedsteam",
    "Prosjekt for å få langtidsledige ut i jobb", "Frokostmøter for arbeidsgivere",
    "Ledige stillinger deles på Facebook", "IA-samarbeid med kommunen",
    "Markedsarbeid står fast på dagsorden i ledergruppa", "Veilederne har fått mål for bedriftskontakt",
)
PRIORITY_NO_MEASURES = (
    "Ingen særskilte tiltak", "Prioriteten er den samme som før", "Vet ikke, jeg er ny som leder her",
    "Har ikke hatt kapasitet til nye tiltak", "-",
)

# Free text after the "Annet" item of each question (question number -> answers).
OTHER_ITEM_TEXT = {
    18: ("Tips fra samarbeidspartnere", "Næringsforeningen", "Kommunens egne stillinger",
         "Bemanningsbyråenes nettsider", "Lokalradio", "Muntlig fra tiltaksarrangører"),
    19: ("Personlige kontakter", "Næringsforeningen", "Tips fra arbeidssøkerne selv",
         "Samarbeid med kommunen som arbeidsgiver"),
    20: ("Mentor", "Kvalifiseringsprogrammet", "Arbeid med bistand", "AMO-kurs",
         "Jobbsøkerkurs", "Traineeordning i kommunen"),
    21: ("God kjennskap til arbeidssøkerne", "Tett oppfølging etter oppstart",
         "Kontinuitet i arbeidsgiverkontakten", "Arbeid med bistand"),
    22: ("Telefon", "Ditt NAV", "Aktivitetsplanen", "E-post", "Personlig oppmøte"),
    26: ("Innvandrere", "Ungdom under 25 år", "Sosialhjelpsmottakere",
         "Deltakere i kvalifiseringsprogrammet", "Flyktninger i introduksjonsprogram"),
    27: ("Lite kollektivtransport", "Språkproblemer", "Manglende førerkort",
         "Sesongvariasjoner i arbeidsmarkedet", "Lang avstand til arbeidsmarkedet",
         "Dårlig kvalitet på CV-ene", "Urealistiske jobbønsker"),
    28: ("Rekrutteringsmøter på kontoret", "Stand på kjøpesenteret",
         "Samarbeid med videregående skole"),
    30: ("Næringsforum", "Gode relasjoner over tid", "Rask respons på henvendelser"),
    32: ("Arbeidsgiverne kjenner ikke til hva NAV kan tilby", "Lite tid til oppfølging",
         "Konkurranse fra bemanningsbyråer"),
    33: ("Næringsforum", "Bedriftsnettverk", "Annonse i lokalavisen", "Kommunens nettside"),
    36: ("Hospitering hos arbeidsgiver", "Interne fagmøter", "Kurs i salg og markedsføring"),
}
# Q27j and Q31i ask to specify other weaknesses of Arena (the case system).
ARENA_WEAKNESS_TEXT = ("Tungvint å søke opp kandidater", "Arena er treg", "Mye dobbeltregistrering",
                       "Vanskelig å ta ut lister", "Gir ikke oversikt over kompetansen til arbeidssøkerne")

MULTI_NUMBER_ANSWERS = ("3-4", "5 og 6", "4/5", "3,4", "4-5", "2-3", "5/6", "3 og 4", "4 - 5", "2,3")


def place_names(count: int, taken: set[str], rng: np.random.Generator) -> list[str]:
    """`count` new stem+ending names, none already in `taken` (which is updated)."""
    names = []
    while len(names) < count:
        stem, ending = rng.choice(NAME_STEMS), rng.choice(NAME_ENDINGS)
        name = stem + ending
        if stem[-1] != ending[0] and name not in taken:  # no "Fjelllia", "Bråås"
            taken.add(name)
            names.append(name)
    return names


def pick(options, rng: np.random.Generator) -> str:
    """One option; (text, weight) pairs are drawn by weight."""
    if isinstance(options[0], tuple):
        weights = np.array([w for _, w in options], dtype=float)
        return options[rng.choice(len(options), p=weights / weights.sum())][0]
    return options[rng.integers(len(options))]


def office_name_as_typed(office_name: str, rng: np.random.Generator) -> str:
    """Q2: respondents type their office name in many ways."""
    place = office_name.removeprefix("NAV ")
    variants = (f"NAV {place}", f"Nav {place}", f"NAV-kontoret i {place}", place, f"NAV {place} kommune")
    return variants[rng.choice(len(variants), p=[0.55, 0.2, 0.1, 0.1, 0.05])]


def priority_measures_text(rng: np.random.Generator) -> str:
    """Q17: one to three measures, written as a sentence, a list or a numbered list."""
    if rng.random() < 0.08:
        return pick(PRIORITY_NO_MEASURES, rng)
    chosen = rng.choice(PRIORITY_MEASURES, size=rng.integers(1, 4), replace=False)
    style = rng.random()
    if style < 0.15 and len(chosen) > 1:
        return "\n".join(f"{i}. {text}" for i, text in enumerate(chosen, start=1))
    if style < 0.5:
        return ", ".join([chosen[0]] + [t[0].lower() + t[1:] for t in chosen[1:]]) + "."
    return ". ".join(chosen)
