"""Who the 4 904 complete interviews are: the joint table behind Tabell 34, Tabell 35 and the
register cross-tab, solved exactly.

Each complete interview falls in one cell of status group x register class x youth x
non-western x long-term x education x (analysis sample, Q6 answer). Every printed count of
those tables is a sum of cells, so the cell counts are found in steps: a plausible prior (what
kinds of people are in which group) is raked towards every printed count, the nearest table
meeting every count within its seed tolerance is found by linear programming, and that table is
rounded to whole persons by a small integer program (both with scipy's HiGHS). The counts with
tolerance 1 are the report's contradictions; the sums leave one value each, the one the seed's
note names.
Only raw traits come out of here: the register codes and answers that carry them are made
later, and the warehouse derives the groups and samples again from those.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix, csr_matrix, hstack, identity

from nav_placement.demo import users_seeds as seeds

# Register classes of a complete interview (labour-market status code groups).
OWN, NAE_MEASURE, NAE_OTHER, ARENA, OTHER_MEASURE, NONE = range(6)
REGISTER_CLASSES = ("own", "nae_on_measure", "nae_other", "arena", "other_measure", "none")
# X23 columns (register main group) -> register classes.
MAIN_GROUP_CLASSES = {
    "nedsatt_arbeidsevne": (NAE_MEASURE, NAE_OTHER),
    "andre_registrert_i_arena": (ARENA,),
    "andre_pa_tiltak": (OTHER_MEASURE,),
    "uten_informasjon": (NONE,),
}
NAE = (NAE_MEASURE, NAE_OTHER)
EDUCATION = ("low", "high", "unknown")  # UTD 1, UTD 2-4, UTD 8 (vet ikke)
Q6_CATEGORIES = ("zero", "count_recorded", "dont_know", "not_applicable")
# Analysis-sample level: A = sample 1 only, B = sample 3 but not sample 2 (measures), C = sample 2.
LEVELS = ("A", "B", "C")
SHAPE = (6, len(REGISTER_CLASSES), 2, 2, 2, len(EDUCATION), 1 + 2 * len(Q6_CATEGORIES))

# The prior: how traits go together before the printed counts are imposed (generator choices).
# Per status group (1-6): helt ledige, delvis ledige, på tiltak, AAP, sykmeldte, enslige forsørgere.
REGISTER_PRIOR = {  # share of each register class among a non-job-seeker group's respondents
    4: {NAE_MEASURE: 0.2, NAE_OTHER: 0.79, ARENA: 0.008, OTHER_MEASURE: 0.002},
    5: {NAE_MEASURE: 0.02, NAE_OTHER: 0.06, ARENA: 0.86, OTHER_MEASURE: 0.025, NONE: 0.035},
    6: {NAE_MEASURE: 0.01, NAE_OTHER: 0.02, ARENA: 0.3, NONE: 0.67},
}
YOUTH_PRIOR = {1: 0.08, 2: 0.04, 3: 0.25, 4: 0.045, 5: 0.02, 6: 0.1}
NON_WESTERN_PRIOR = {1: 0.13, 2: 0.1, 3: 0.15, 4: 0.07, 5: 0.06, 6: 0.12}
LONG_TERM_PRIOR = {1: 0.4, 2: 0.55, 3: 0.45, 4: 0.03, 5: 0.02, 6: 0.05}
LOW_EDUCATION_PRIOR = {1: 0.15, 2: 0.12, 3: 0.22, 4: 0.12, 5: 0.1, 6: 0.06}
UNKNOWN_EDUCATION = 0.01
LEVEL_PRIOR = {1: (0.15, 0.1, 0.75), 2: (0.25, 0.2, 0.55), 3: (0.2, 0.12, 0.68),
               4: (0.55, 0.05, 0.4), 5: (0.77, 0.06, 0.17), 6: (0.68, 0.18, 0.14)}
Q6_PRIOR = {1: (0.1, 0.77, 0.08, 0.05), 2: (0.16, 0.7, 0.07, 0.07), 3: (0.12, 0.78, 0.06, 0.04),
            4: (0.53, 0.32, 0.01, 0.14), 5: (0.4, 0.38, 0.02, 0.2), 6: (0.24, 0.58, 0.01, 0.17)}
# Odds multipliers of traits on each other (youth and immigrants seek work more, NAE less...).
YOUTH_LONG_TERM_ODDS = 0.6
YOUTH_LOW_EDUCATION_ODDS = 3.0
MEASURE_LEVEL_ODDS = 2.5  # NAE on a measure: more often in samples 2-3
ACTIVE_LEVEL_ODDS = 1.6  # youth, non-western, long-term: more often in samples 2-3
ACTIVE_COUNT_ODDS = 1.8  # ... and more often noted a number of jobs applied for


def grid() -> tuple[np.ndarray, ...]:
    """Index arrays (g, r, y, w, l, e, s) of every cell."""
    return np.indices(SHAPE)


def level_of(s: np.ndarray) -> np.ndarray:
    return np.where(s == 0, 0, np.where(s <= len(Q6_CATEGORIES), 1, 2))


def q6_of(s: np.ndarray) -> np.ndarray:
    return np.where(s == 0, -1, (s - 1) % len(Q6_CATEGORIES))


def sample_mask(analysis_sample: str, s: np.ndarray) -> np.ndarray:
    """Cells in analysis sample 1, 2 (measures service) or 3."""
    level = level_of(s)
    return {"1": level >= 0, "2": level == 2, "3": level >= 1}[analysis_sample]


def group_mask(group_type: str, group_code: str, cells: tuple[np.ndarray, ...]) -> np.ndarray:
    """Cells of a status group, vulnerable group, complement or register status (DESIGN.md rules)."""
    g, r, y, w, l, e, _ = cells
    if group_type == "all":
        return np.ones(g.shape, dtype=bool)
    if group_type == "status_group":
        return g == seeds.status_code(group_code) - 1
    nae = np.isin(r, NAE)
    member = {
        "ungdom": y == 1, "ikke_vestlige_innvandrere": w == 1, "nedsatt_arbeidsevne": nae,
        "nae_pa_tiltak": r == NAE_MEASURE, "nae_ikke_pa_tiltak": r == NAE_OTHER,
        "langtidsarbeidssokere": l == 1, "lav_utdanning": e == 0,
    }
    complement = {
        "ungdom": y == 0, "ikke_vestlige_innvandrere": w == 0, "nedsatt_arbeidsevne": ~nae,
        "nae_pa_tiltak": ~nae, "nae_ikke_pa_tiltak": ~nae, "langtidsarbeidssokere": l == 0,
        "lav_utdanning": e == 1,
    }
    if group_type in ("vulnerable_group", "register_status"):
        return member[group_code]
    if group_type == "complement":
        return complement[group_code]
    raise ValueError(group_type)


def category_mask(row, cells: tuple[np.ndarray, ...]) -> np.ndarray:
    """Cells of a row's category: a Q6 answer (Tabell 35) or a register main group (cross-tab)."""
    r, s = cells[1], cells[6]
    if not row.category:
        return np.ones(r.shape, dtype=bool)
    if row.indicator == "Q6":
        return q6_of(s) == Q6_CATEGORIES.index(row.category)
    if row.indicator == "labour_market_status_code":
        return np.isin(r, MAIN_GROUP_CLASSES[row.category])
    raise ValueError(f"no cells for category {row.category} of {row.indicator}")


def count_targets() -> pd.DataFrame:
    """The printed counts of Tabell 34, Tabell 35 and the cross-tab, with their seed bounds."""
    rows = seeds.select(statistic="n", table_id=["T34", "T35", "X23"])
    return rows.assign(low=rows["published_value"] - rows["tolerance"],
                       high=rows["published_value"] + rows["tolerance"])


def allowed_cells(cells: tuple[np.ndarray, ...]) -> np.ndarray:
    """Register classes possible in each status group: job seekers carry their own status, the
    others NAE or a class the cross-tab reports for them (so the cross-tab's zeros hold)."""
    g, r = cells[0], cells[1]
    groups = seeds.status_groups().set_index("status_group_code")
    crosstab = seeds.select(table_id="X23", group_type="status_group")
    allowed = np.zeros(g.shape, dtype=bool)
    for code, row in groups.iterrows():
        if row["jobseeker_flag"] == "true":
            classes = (OWN,)
        else:
            reported = crosstab.loc[crosstab["group_code"] == row["status_group"], "category"]
            classes = tuple(sorted({c for main in reported for c in MAIN_GROUP_CLASSES[main]} | set(NAE)))
        allowed |= (g == code - 1) & np.isin(r, classes)
    return allowed


def prior(cells: tuple[np.ndarray, ...]) -> np.ndarray:
    """A plausible joint distribution of the traits (before any printed count is imposed)."""
    g, r, y, w, l, e, s = cells
    code = g + 1
    table = np.ones(SHAPE)

    def by_group(mapping: dict) -> np.ndarray:
        return np.vectorize(mapping.get)(code).astype(float)

    def odds(p: np.ndarray, factor: np.ndarray) -> np.ndarray:
        return p * factor / (1 - p + p * factor)

    register = np.zeros(SHAPE)
    for group, shares in REGISTER_PRIOR.items():
        for cls, share in shares.items():
            register[(code == group) & (r == cls)] = share
    register[r == OWN] = 1.0  # job seekers carry their own status (allowed_cells keeps it theirs)
    table *= register * allowed_cells(cells)
    p_youth = by_group(YOUTH_PRIOR)
    table *= np.where(y == 1, p_youth, 1 - p_youth)
    p_west = by_group(NON_WESTERN_PRIOR)
    table *= np.where(w == 1, p_west, 1 - p_west)
    p_long = odds(by_group(LONG_TERM_PRIOR), np.where(y == 1, YOUTH_LONG_TERM_ODDS, 1.0))
    table *= np.where(l == 1, p_long, 1 - p_long)
    p_low = odds(by_group(LOW_EDUCATION_PRIOR), np.where(y == 1, YOUTH_LOW_EDUCATION_ODDS, 1.0))
    table *= np.where(e == 0, p_low * (1 - UNKNOWN_EDUCATION),
                      np.where(e == 1, (1 - p_low) * (1 - UNKNOWN_EDUCATION), UNKNOWN_EDUCATION))
    level = level_of(s)
    for i in range(len(LEVELS)):
        table *= np.where(level == i, by_group({k: v[i] for k, v in LEVEL_PRIOR.items()}), 1.0)
    active = np.where(r == NAE_MEASURE, MEASURE_LEVEL_ODDS, 1.0) * ACTIVE_LEVEL_ODDS ** (y + w + l)
    table *= np.where(level >= 1, active, 1.0)
    q6 = q6_of(s)
    for i in range(len(Q6_CATEGORIES)):
        table *= np.where(q6 == i, by_group({k: v[i] for k, v in Q6_PRIOR.items()}), 1.0)
    return table * np.where(q6 == 1, ACTIVE_COUNT_ODDS ** (y + w + l), 1.0)


def constraint_cells(targets: pd.DataFrame, cells: tuple[np.ndarray, ...]) -> list[np.ndarray]:
    """Flat indices of the cells each printed count sums."""
    result = []
    for row in targets.itertuples():
        mask = (sample_mask(row.analysis_sample, cells[6]) & group_mask(row.group_type, row.group_code, cells)
                & category_mask(row, cells))
        result.append(np.flatnonzero(mask.ravel()))
    return result


def rake(table: np.ndarray, members: list[np.ndarray], totals: np.ndarray, sweeps: int = 100) -> np.ndarray:
    """Scale the prior, one printed count at a time, until every count is met (or nearly:
    the report's contradictions cannot all hold, the integer step settles them)."""
    flat = table.ravel().copy()
    for _ in range(sweeps):
        worst = 0.0
        for index, total in zip(members, totals):
            current = flat[index].sum()
            if current > 0:
                flat[index] *= total / current
                worst = max(worst, abs(current - total))
        if worst < 1e-6:
            break
    return flat


def round_to_persons(expected: np.ndarray, members: list[np.ndarray], low: np.ndarray,
                     high: np.ndarray) -> np.ndarray:
    """Whole persons per cell with every printed count inside its bounds, close to the raked table.

    A linear program first finds the table nearest (sum of absolute differences) to the raked
    one that meets the bounds; an integer program then rounds each of its cells down or up so
    the bounds still hold. Two small solves instead of one large integer search: seconds, not minutes.
    """
    cells = np.flatnonzero(expected > 1e-9)
    position = np.full(expected.size, -1)
    position[cells] = np.arange(len(cells))
    n = len(cells)
    rows, cols = [], []
    for k, index in enumerate(members):
        index = position[index]
        index = index[index >= 0]
        rows.append(np.full(len(index), k))
        cols.append(index)
    sums = coo_matrix((np.ones(sum(map(len, cols))), (np.concatenate(rows), np.concatenate(cols))),
                      shape=(len(members), n)).tocsr()
    centre = expected[cells]
    eye, zero = identity(n, format="csr"), csr_matrix((len(members), n))
    nearest = milp(np.concatenate([np.zeros(n), np.ones(n)]), bounds=Bounds(0, np.inf), constraints=[
        LinearConstraint(hstack([sums, zero]), low, high),  # x meets the printed counts
        LinearConstraint(hstack([eye, -eye]), -np.inf, centre),  # d >= x - expected
        LinearConstraint(hstack([-eye, -eye]), -np.inf, -centre),  # d >= expected - x
    ])
    if nearest.x is None:
        raise ValueError(f"the printed counts contradict each other beyond their tolerances: {nearest.message}")
    floor = np.floor(np.maximum(nearest.x[:n], 0) + 1e-9)
    rounded = milp(np.zeros(n), integrality=np.ones(n), bounds=Bounds(0, 1),
                   constraints=[LinearConstraint(sums, low - sums @ floor, high - sums @ floor)])
    if rounded.x is None:
        raise ValueError(f"no whole-person table meets the printed counts: {rounded.message}")
    persons = np.zeros(expected.size, dtype=int)
    persons[cells] = (floor + np.round(rounded.x)).astype(int)
    return persons


@cache
def solve_table() -> np.ndarray:
    """Complete interviews per cell, meeting every printed count of T34, T35 and X23."""
    cells = grid()
    targets = count_targets()
    members = constraint_cells(targets, cells)
    expected = rake(prior(cells), members, targets["published_value"].to_numpy())
    persons = round_to_persons(expected, members, targets["low"].to_numpy(), targets["high"].to_numpy())
    return persons.reshape(SHAPE)


def respondents(rng: np.random.Generator) -> pd.DataFrame:
    """One row per complete interview with its traits, in random order."""
    table = solve_table()
    cells = [c.ravel() for c in grid()]
    repeat = table.ravel()
    g, r, y, w, l, e, s = (np.repeat(c, repeat) for c in cells)
    frame = pd.DataFrame({
        "status_group_code": g + 1,
        "register_class": np.array(REGISTER_CLASSES)[r],
        "youth": y == 1,
        "non_western": w == 1,
        "long_term": l == 1,
        "education": np.array(EDUCATION)[e],
        "level": np.array(LEVELS)[level_of(s)],
        "q6": np.where(q6_of(s) >= 0, np.array(Q6_CATEGORIES)[np.maximum(q6_of(s), 0)], ""),
    })
    return frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
