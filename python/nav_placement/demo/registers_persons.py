"""Synthetic persons for the register extracts: birth date, gender, birth country and a valid
national id (fødselsnummer or D-number), plus employers' organisation numbers.

Ids are synthetic but pass every check the warehouse applies (mod-11 check digits, individual
number consistent with the birth year, gender digit), so ingest's validation is exercised on
realistic input; all of it is vectorised so a million persons take a second or two.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nav_placement.demo import registers_seeds as seeds

# fødselsnummer check digits (Skatteetaten): k1 over the 9 first digits, k2 over the 10 first.
FNR_WEIGHTS_1 = np.array([3, 7, 6, 1, 8, 9, 4, 5, 2])
FNR_WEIGHTS_2 = np.array([5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
# organisasjonsnummer check digit over the 8 first digits.
ORGNR_WEIGHTS = np.array([3, 2, 7, 6, 5, 4, 3, 2])
# Individual numbers (digits 7-9) of persons born 1940-1999: 000-499 and 900-999.
INDIVIDUAL_NUMBERS = np.concatenate([np.arange(0, 500), np.arange(900, 1000)])

REFERENCE_DAY = np.datetime64("2013-12-31")  # ages below are ages at the end of the exit year
# Age at the end of 2013 (Tabell 37's bands of the 2013 exits, loosely; the oldest band is cut
# at 68 since a person of 67 goes on old-age pension and leaves the registers).
AGE_BANDS = ((16, 19, 4.5), (20, 24, 16.0), (25, 29, 15.0), (30, 39, 24.0), (40, 49, 19.5),
             (50, 59, 15.0), (60, 68, 6.0))
FEMALE_SHARE = 0.48
# Birth country (Tabell 37: Norge 72%, EØS 11%, utenfor EØS 17%), a few unknown.
BIRTH_GROUPS = {"NOR": 71.5, "EEA": 11.0, "NON_EEA": 17.0, "": 0.5}
# EU-28 and the EFTA members of the EEA, 2014, Norway included (birth region counts it apart):
# the country seed's eea_2014_flag, so the warehouse and the demo share one list.
EEA_2014 = frozenset(seeds.countries().loc[lambda t: t["eea_2014_flag"] == "true", "iso3"])
EEA_COUNTRIES = {"POL": 34, "SWE": 17, "LTU": 12, "DEU": 7, "DNK": 6, "LVA": 4, "GBR": 4, "ROU": 3, "FIN": 3,
                 "ISL": 2, "NLD": 2, "EST": 1.5, "ESP": 1.5, "BGR": 1, "HUN": 1, "FRA": 1}
NON_EEA_COUNTRIES = {"SOM": 12, "IRQ": 9, "PAK": 7, "ERI": 7, "AFG": 6, "IRN": 6, "RUS": 5, "THA": 5, "PHL": 5,
                     "VNM": 4, "TUR": 4, "BIH": 4, "LKA": 3, "ETH": 3, "SYR": 3, "CHL": 2, "MAR": 2, "SRB": 2,
                     "CHN": 2, "IND": 2, "USA": 2, "COD": 1, "COL": 1, "BRA": 1}
D_NUMBER_SHARE = {"NOR": 0.0, "EEA": 0.12, "NON_EEA": 0.02, "": 0.3}  # foreign workers without fnr


@dataclass(frozen=True)
class Persons:
    """One entry per person; `country` indexes `countries` ('' = unknown)."""

    birth: np.ndarray  # datetime64[D]
    female: np.ndarray  # bool
    country: np.ndarray  # int index into countries
    countries: np.ndarray  # ISO alpha-3 codes, '' first
    group: np.ndarray  # birth group: 0 Norway, 1 EEA, 2 outside the EEA, 3 unknown
    fnr: np.ndarray  # int64, 11 digits (leading zeros dropped)
    d_number: np.ndarray  # bool


def draw_persons(count: int, rng: np.random.Generator) -> Persons:
    """Persons with ages 16-68 at the end of 2013, gender, birth country and a unique national id."""
    low, high, shares = (np.array(column) for column in zip(*AGE_BANDS))
    band = rng.choice(len(AGE_BANDS), count, p=shares / shares.sum())
    age = low[band] + rng.random(count) * (high[band] - low[band] + 1)
    birth = REFERENCE_DAY - np.floor(age * 365.25).astype("timedelta64[D]")
    female = rng.random(count) < FEMALE_SHARE
    groups = list(BIRTH_GROUPS)
    group = rng.choice(len(groups), count, p=_shares(BIRTH_GROUPS))
    countries = np.array(["", "NOR", *EEA_COUNTRIES, *NON_EEA_COUNTRIES])
    country = np.zeros(count, dtype=np.int64)
    country[group == 0] = 1
    for g, table, offset in ((1, EEA_COUNTRIES, 2), (2, NON_EEA_COUNTRIES, 2 + len(EEA_COUNTRIES))):
        chosen = group == g
        country[chosen] = offset + rng.choice(len(table), int(chosen.sum()), p=_shares(table))
    _check_countries()
    d_share = np.array([D_NUMBER_SHARE[g] for g in groups])
    d_number = rng.random(count) < d_share[group]
    return Persons(birth, female, country, countries, group, national_ids(birth, female, d_number, rng), d_number)


def national_ids(birth: np.ndarray, female: np.ndarray, d_number: np.ndarray, rng: np.random.Generator,
                 taken: np.ndarray | None = None) -> np.ndarray:
    """Unique 11-digit ids agreeing with birth date and gender (int64), none of them in `taken`.

    DDMMYY (day + 40 for a D-number), an individual number of the birth year's range whose last
    digit is odd for men, and two mod-11 check digits. A draw whose check digit would be 10, or
    that repeats an id already given, is drawn again (only those, so a few rounds suffice).
    The check digits are those of `check_digits`, summed in parts so DDMMYY is weighed once.
    """
    days = birth.astype("datetime64[D]")
    years = days.astype("datetime64[Y]").astype(int) + 1970
    months = days.astype("datetime64[M]").astype(int) % 12 + 1
    mday = (days - days.astype("datetime64[M]")).astype(int) + 1
    if years.min() < 1940 or years.max() > 1999:
        raise ValueError("individual numbers are drawn for birth years 1940-1999 only")
    dd = mday + np.where(d_number, 40, 0)
    date_part = (dd * 10_000 + months * 100 + years % 100).astype(np.int64)
    date_digits = _digits(date_part, 6)  # the weighted sums of DDMMYY are computed once
    sums = date_digits @ FNR_WEIGHTS_1[:6], date_digits @ FNR_WEIGHTS_2[:6]
    fnr = np.zeros(len(birth), dtype=np.int64)
    taken = np.unique(np.asarray(taken if taken is not None else [], dtype=np.int64))  # sorted ids given so far
    todo = np.arange(len(birth))
    while len(todo):
        half = rng.integers(0, len(INDIVIDUAL_NUMBERS) // 2, len(todo))
        individual = INDIVIDUAL_NUMBERS[2 * half + (~female[todo]).astype(int)]  # odd = male
        digits = _digits(individual, 3)
        k1 = (11 - (sums[0][todo] + digits @ FNR_WEIGHTS_1[6:]) % 11) % 11
        k2 = (11 - (sums[1][todo] + digits @ FNR_WEIGHTS_2[6:9] + k1 * FNR_WEIGHTS_2[9]) % 11) % 11
        drawn = (date_part[todo] * 1000 + individual) * 100 + k1 * 10 + k2
        fresh = (k1 != 10) & (k2 != 10) & ~_member(drawn, taken)
        fresh[_repeats(np.where(fresh, drawn, -1 - np.arange(len(drawn))))] = False
        fnr[todo[fresh]] = drawn[fresh]
        new = np.sort(drawn[fresh])
        taken = np.insert(taken, np.searchsorted(taken, new), new)
        todo = todo[~fresh]
    return fnr


def check_digits(numbers: np.ndarray, weights: tuple[np.ndarray, ...]) -> np.ndarray:
    """The mod-11 check digit(s) appended one after the other; -1 where one would be 10."""
    value = numbers.astype(np.int64)
    result = np.zeros(len(value), dtype=np.int64)
    valid = np.ones(len(value), dtype=bool)
    for w in weights:
        digits = _digits(value, len(w))
        check = (11 - (digits @ w) % 11) % 11
        valid &= check != 10
        value = value * 10 + check
        result = result * 10 + check
    return np.where(valid, result, -1)


def organisation_numbers(count: int, rng: np.random.Generator) -> np.ndarray:
    """`count` distinct valid 9-digit organisation numbers (starting with 8 or 9), int64."""
    numbers = np.empty(0, dtype=np.int64)
    while len(numbers) < count:
        body = rng.integers(80_000_000, 100_000_000, 2 * (count - len(numbers)) + 10)
        check = check_digits(body, (ORGNR_WEIGHTS,))
        drawn = body[check >= 0] * 10 + check[check >= 0]
        numbers = np.concatenate([numbers, drawn[~np.isin(drawn, numbers)]])
        numbers = numbers[np.sort(np.unique(numbers, return_index=True)[1])]
    return numbers[:count]


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """The `width` decimal digits of each value, most significant first (zero-padded)."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (values[:, None] // powers) % 10


def _member(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """Whether each value is in the sorted array `ordered`."""
    if not len(ordered):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    return ordered[at] == values


def _repeats(values: np.ndarray) -> np.ndarray:
    """Positions holding a value seen at an earlier position."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    return order[1:][ordered[1:] == ordered[:-1]]


def _shares(table: dict) -> np.ndarray:
    weights = np.array(list(table.values()), dtype=float)
    return weights / weights.sum()


def _check_countries() -> None:
    """Every drawn code exists in the country seed, and the EEA list holds the EEA draws."""
    known = set(seeds.countries()["iso3"])
    drawn = {"NOR", *EEA_COUNTRIES, *NON_EEA_COUNTRIES}
    if drawn - known:
        raise ValueError(f"birth countries missing from the country seed: {sorted(drawn - known)}")
    if set(EEA_COUNTRIES) - EEA_2014 or set(NON_EEA_COUNTRIES) & EEA_2014:
        raise ValueError("EEA and non-EEA birth countries are mixed up")
