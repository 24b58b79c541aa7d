"""The directorate's office list (AVD list, August 2014) that Tabell 1 and 2 count.

445 offices with the county totals of Tabell 2 and size classes closest to the population
shares of Tabell 1. Sizes follow county urbanity, so Oslo's district offices are large and
Finnmark's are small, as in the real list.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nav_placement.demo import seeds, text
from nav_placement.demo.calibrate import apportion

CLASSES = ("small", "medium", "large")
# Staff counts within a class: lognormal (median, sigma), then kept inside the class bounds.
STAFF_SHAPE = {"small": (8.0, 0.45), "medium": (23.0, 0.3), "large": (62.0, 0.5)}
URBAN_BONUS = 1.5  # city districts and towns hold the larger offices of a county
LARGEST_OFFICE = 240.0  # no office in the list is bigger
HEADCOUNT_PER_FTE = (0.85, 1.0)  # staff counted in Q10 work part-time now and then
STATE_SHARE = (0.35, 0.7)  # state part of an office's FTEs (the rest is municipal)

REGISTER_COLUMNS = {
    "office_number": "Enhetsnr", "office_name": "Enhetsnavn", "municipality_number": "Kommunenr",
    "county_code": "Fylkesnr", "county_name": "Fylkesnavn", "state_fte": "Statlige årsverk",
    "municipal_fte": "Kommunale årsverk",
}


def class_counts(total: int, statistic: str) -> dict[str, int]:
    """Offices per size class closest to a Tabell 1 column (population_share / sample_share)."""
    shares = [seeds.value(statistic, size_class=c) for c in CLASSES]
    return dict(zip(CLASSES, apportion(total, shares)))


def class_bounds(size_class: str) -> tuple[float, float]:
    row = seeds.size_classes().set_index("size_class").loc[size_class]
    upper = float(row.max_staff_exclusive) if row.max_staff_exclusive else LARGEST_OFFICE
    return float(row.min_staff_inclusive), upper


def draw_staff(size_class: str, count: int, rng: np.random.Generator) -> np.ndarray:
    """`count` sorted whole staff counts of one class, none below the smallest office answering (M10)."""
    median, sigma = STAFF_SHAPE[size_class]
    low, high = class_bounds(size_class)
    values = np.exp(rng.normal(np.log(median), sigma, count))
    return np.sort(np.clip(np.round(values), max(low, seeds.value("staff_total_min")), np.ceil(high) - 1))


def plan_offices(rng: np.random.Generator) -> pd.DataFrame:
    """Every office: number, name, municipality, county and size class (FTEs come later).

    NAV numbers an office with its county code plus two digits, the municipality number where
    the office serves one municipality; city districts share the city's municipality number.
    """
    counties = seeds.counties().set_index("county_code")
    totals = {row.category: int(row.published_value) for row in seeds.select("offices_total").itertuples()}
    taken = {name for _, names in text.CITY_DISTRICTS.values() for name in names}
    taken |= {name for names in text.COUNTY_TOWNS.values() for name in names}
    rows = []
    for county, total in totals.items():
        city_suffix, districts = text.CITY_DISTRICTS.get(county, (None, ()))
        districts = districts[:total]
        towns = text.COUNTY_TOWNS.get(county, ())[: total - len(districts)]
        others = text.place_names(total - len(districts) - len(towns), taken, rng)
        free = [s for s in range(2, 100) if f"{s:02d}" != city_suffix]
        numbers = [f"{county}{s:02d}" for s in sorted(rng.choice(free, size=total, replace=False))]
        for i, (place, number) in enumerate(zip((*districts, *towns, *others), numbers)):
            in_city, urban = i < len(districts), i < len(districts) + len(towns)
            rows.append({
                "office_number": number,
                "office_name": f"NAV {place}",
                "municipality_number": f"{county}{city_suffix}" if in_city else number,
                "county_code": county,
                "county_name": counties.loc[county, "county_name"],
                "score": text.COUNTY_URBANITY[county] + rng.normal() + (URBAN_BONUS if urban else 0.0),
            })
    offices = pd.DataFrame(rows).sort_values("office_number", ignore_index=True)
    population = class_counts(len(offices), "population_share")
    by_score = offices["score"].rank(ascending=False, method="first")
    offices["size_class"] = np.where(
        by_score <= population["large"], "large",
        np.where(by_score <= population["large"] + population["medium"], "medium", "small"))
    return offices


def with_fte(offices: pd.DataFrame, reported_staff: dict[str, float], rng: np.random.Generator) -> pd.DataFrame:
    """State and municipal FTEs (in tenths) for every office, inside its size class.

    An office that answered the survey gets FTEs a little below the staff its manager reported
    (Q10), so both place it in the same class; the others get draws of their class, larger
    draws going to higher-scoring (more urban) offices.
    """
    offices = offices.copy()
    staff = pd.Series(np.nan, index=offices.index)
    for size_class, group in offices.groupby("size_class"):
        draws = draw_staff(size_class, len(group), rng)
        staff[group.sort_values("score").index] = draws
    answered = offices["office_number"].isin(reported_staff)
    staff[answered] = offices.loc[answered, "office_number"].map(reported_staff)
    tenths = []
    for size_class, total in zip(offices["size_class"], staff):
        low, high = class_bounds(size_class)
        fte = round(total * rng.uniform(*HEADCOUNT_PER_FTE) * 10)
        tenths.append(int(min(max(fte, low * 10), high * 10 - 1)))
    tenths = np.array(tenths)
    state = np.round(tenths * rng.uniform(*STATE_SHARE, len(tenths)) / 5).astype(int) * 5
    offices["state_fte_tenths"] = state
    offices["municipal_fte_tenths"] = tenths - state
    return offices


def decimal_comma(tenths: int) -> str:
    """12.5 FTE as Excel exports it in Norway: '12,5'; whole numbers without decimals."""
    whole, tenth = divmod(int(tenths), 10)
    return f"{whole},{tenth}" if tenth else str(whole)


def write_register_csv(offices: pd.DataFrame, path) -> None:
    """The AVD list as the directorate's Excel export saves it: Windows-1252, ';', CRLF."""
    frame = offices.assign(
        state_fte=offices["state_fte_tenths"].map(decimal_comma),
        municipal_fte=offices["municipal_fte_tenths"].map(decimal_comma),
    )
    lines = [";".join(REGISTER_COLUMNS.values())]
    lines += [";".join(str(row[c]) for c in REGISTER_COLUMNS) for _, row in frame.iterrows()]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
