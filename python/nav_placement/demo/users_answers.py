"""The CATI answers of the 2014 follow-up survey, synthesised (Norstat for Opinion).

One value per interviewed person and questionnaire variable, raw codes only. The answers that
decide the analysis samples (Q2A-Q2D, Q5) and Q6 follow the solved structure exactly; every
other answer comes from a latent score built from the person's groups, in the direction the
report describes (job seekers know and use the services most, NAE ikke på tiltak least ...),
and is then fitted to the report's weighted prose figures (`users_fit`). Routing leaves items
not asked empty (system-missing); vet ikke / ikke aktuelt are codes 8 / 9.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nav_placement.demo import users_fit as fitting
from nav_placement.demo import users_seeds as seeds
from nav_placement.demo.users_fit import Target

JOBSEEKER_GROUPS = ("helt_ledige", "delvis_ledige", "arbeidssokere_pa_tiltak")
SERVICES = ("A", "B", "C", "D")  # Q1-Q3 letters: nav.no information, vacancy base, adviser, measures
Q5_YES, Q5_NO, Q5_UNSURE = 1, 2, 3
Q6_CODES = {"zero": 1, "count_recorded": 2}  # and the scale's missing codes for dont_know / not_applicable

# Latent effects (logit or scale units) by group: generator choices shaped by the report's prose.
# Keys: "" = intercept, status groups, vulnerable groups, "jobseeker" (the three job-seeker groups).
EFFECTS = {
    "Q2D": {"": -0.2, "arbeidssokere_pa_tiltak": 1.0, "mottakere_aap": 0.3, "nae_pa_tiltak": 1.2,
            "nae_ikke_pa_tiltak": -0.5, "delvis_ledige": -0.6, "sykmeldte": -1.5, "enslige_forsorgere": -1.5,
            "ungdom": 0.5, "ikke_vestlige_innvandrere": -0.4, "langtidsarbeidssokere": -0.6},
    "Q2E": {"": -0.5, "mottakere_aap": 0.6, "sykmeldte": 1.0, "enslige_forsorgere": 1.0, "ungdom": -0.5,
            "ikke_vestlige_innvandrere": -0.4, "langtidsarbeidssokere": -0.6},
    "Q2A": {"": 0.3, "jobseeker": 0.8, "mottakere_aap": -0.4, "nae_ikke_pa_tiltak": -0.6, "sykmeldte": -0.6,
            "enslige_forsorgere": -0.5, "ungdom": 0.6, "ikke_vestlige_innvandrere": 0.5,
            "langtidsarbeidssokere": 0.7, "lav_utdanning": -0.2},
    "Q2B": {"": 0.0, "jobseeker": 0.8, "mottakere_aap": -0.4, "nae_ikke_pa_tiltak": -0.6, "sykmeldte": -0.6,
            "ungdom": 0.5, "ikke_vestlige_innvandrere": 0.5, "langtidsarbeidssokere": 0.7, "lav_utdanning": -0.2},
    "Q2C": {"": -1.2, "jobseeker": 0.5, "arbeidssokere_pa_tiltak": 0.5, "nae_pa_tiltak": 0.3,
            "nae_ikke_pa_tiltak": -0.6, "ungdom": 0.5, "ikke_vestlige_innvandrere": 0.5,
            "langtidsarbeidssokere": 0.6},
    # Q1: "not answered" (ikke aktuelt / vet ikke), then the 1-6 knowledge score
    "Q1_missing": {"": -0.6, "jobseeker": -0.8, "sykmeldte": 0.6, "enslige_forsorgere": 0.6,
                   "nae_ikke_pa_tiltak": 0.3},
    "Q1A": {"": 0.6, "jobseeker": 0.5, "sykmeldte": -0.6, "enslige_forsorgere": -0.6,
            "ikke_vestlige_innvandrere": 0.2, "langtidsarbeidssokere": 0.4, "lav_utdanning": -0.2,
            "nae_ikke_pa_tiltak": -0.4, "ungdom": -0.3},
    "Q1B": {"": 0.6, "jobseeker": 0.5, "sykmeldte": -0.6, "enslige_forsorgere": -0.6,
            "ikke_vestlige_innvandrere": 0.2, "langtidsarbeidssokere": 0.4, "lav_utdanning": -0.2,
            "nae_ikke_pa_tiltak": -0.4, "ungdom": -0.3},
    "Q1C": {"": -0.2, "jobseeker": 0.4, "sykmeldte": -0.6, "enslige_forsorgere": -0.6,
            "langtidsarbeidssokere": 0.3},
    "Q1D": {"": -0.1, "arbeidssokere_pa_tiltak": 0.8, "mottakere_aap": 0.6, "jobseeker": 0.2, "sykmeldte": -0.7,
            "enslige_forsorgere": -0.7, "nae_pa_tiltak": 0.8},
    # Q3: satisfaction with each service used or relevant
    "Q3_na": {"": -0.3, "used": -2.6},
    "Q3_dk": {"": -3.0},
    "Q3A": {"": 0.9}, "Q3B": {"": 1.0},
    "Q3C": {"": 0.2, "mottakere_aap": 0.3, "sykmeldte": 0.9, "enslige_forsorgere": 0.9,
            "langtidsarbeidssokere": -0.4, "ungdom": 0.1, "ikke_vestlige_innvandrere": 0.2},
    "Q3D": {"": 0.3, "nae_pa_tiltak": 0.8},
    # Q4 follow-up
    "Q4_na": {"": -1.6, "sykmeldte": 0.8, "enslige_forsorgere": 0.8, "mottakere_aap": 0.2, "jobseeker": -0.5},
    "Q4_dk": {"": -3.0},
    "Q4": {"": 0.4, "delvis_ledige": -0.2, "arbeidssokere_pa_tiltak": -0.2, "nae_pa_tiltak": 0.3,
           "ikke_vestlige_innvandrere": 0.3, "sykmeldte": 0.2, "enslige_forsorgere": 0.2},
    # Q6ANT: log number of jobs applied for
    "Q6ANT": {"": np.log(8.5), "arbeidssokere_pa_tiltak": 0.45, "jobseeker": 0.1, "mottakere_aap": -0.25,
              "enslige_forsorgere": -0.2, "ungdom": 0.2, "ikke_vestlige_innvandrere": 0.2,
              "langtidsarbeidssokere": 0.2, "nae_ikke_pa_tiltak": -0.1, "lav_utdanning": -0.15},
    # Q7: applied while waiting for / during / after a measure; D = ikke aktuelt
    "Q7D": {"": 1.2, "arbeidssokere_pa_tiltak": -2.0, "helt_ledige": -0.6, "delvis_ledige": -0.5,
            "ungdom": -0.6, "ikke_vestlige_innvandrere": -0.5, "langtidsarbeidssokere": -0.6,
            "nae_ikke_pa_tiltak": 0.6, "used_measures": -1.2},
    "Q7A": {"": 0.3, "arbeidssokere_pa_tiltak": 0.5, "nae_pa_tiltak": -0.5, "ungdom": 0.3},
    "Q7B": {"": 0.2, "arbeidssokere_pa_tiltak": 0.8, "nae_pa_tiltak": 1.6, "used_measures": 0.8},
    "Q7C": {"": -0.6, "arbeidssokere_pa_tiltak": 0.3, "nae_pa_tiltak": -0.4},
    # Q8 channels (none chosen = ingen innsats or ikke aktuelt)
    "Q8A": {"": 0.2, "jobseeker": 1.3, "mottakere_aap": -0.5, "sykmeldte": -0.8, "enslige_forsorgere": -0.5,
            "ungdom": 0.5, "ikke_vestlige_innvandrere": 0.4, "langtidsarbeidssokere": 0.5,
            "nae_ikke_pa_tiltak": -0.6, "nae_pa_tiltak": 0.5},
    "Q8B": {"": 0.0, "jobseeker": 1.0, "nae_ikke_pa_tiltak": -0.6, "ungdom": 0.3, "ikke_vestlige_innvandrere": 0.4,
            "langtidsarbeidssokere": 0.5, "sykmeldte": -0.8, "nae_pa_tiltak": 0.5},
    "Q8C": {"": -0.8, "jobseeker": 0.9, "nae_ikke_pa_tiltak": -0.5, "ungdom": 0.3, "langtidsarbeidssokere": 0.3,
            "nae_pa_tiltak": 0.5},
    "Q8D": {"": -0.8, "jobseeker": 0.9, "nae_ikke_pa_tiltak": -0.5, "ikke_vestlige_innvandrere": 0.3,
            "langtidsarbeidssokere": 0.3, "nae_pa_tiltak": 0.5},
    "Q8E": {"": -1.6, "jobseeker": 0.6, "ungdom": 1.0, "ikke_vestlige_innvandrere": 0.3, "nae_ikke_pa_tiltak": -0.5},
    "Q8F": {"": -1.6, "jobseeker": 0.8, "ikke_vestlige_innvandrere": 0.3, "langtidsarbeidssokere": 0.3,
            "nae_ikke_pa_tiltak": -0.5},
    "Q8G": {"": -2.2, "jobseeker": 0.6, "ungdom": 0.3, "ikke_vestlige_innvandrere": 0.5, "nae_ikke_pa_tiltak": -0.4},
    "Q8H": {"": -0.5, "jobseeker": 0.8, "ungdom": 0.4, "ikke_vestlige_innvandrere": 0.3, "nae_ikke_pa_tiltak": -0.5,
            "nae_pa_tiltak": 0.5},
    # Q9 own activity
    "Q9_na": {"": -1.9, "sykmeldte": 1.0, "enslige_forsorgere": 1.0, "mottakere_aap": 0.4, "jobseeker": -1.0},
    "Q9_dk": {"": -4.5},
    "Q9": {"": 1.2, "arbeidssokere_pa_tiltak": 0.1, "nae_ikke_pa_tiltak": -0.1},
    # Q10 obstacles (none chosen = ikke aktuelt)
    "Q10A": {"": -0.4, "mottakere_aap": 1.4, "sykmeldte": 1.2, "nedsatt_arbeidsevne": 0.3, "jobseeker": -1.4,
             "ungdom": -0.7, "ikke_vestlige_innvandrere": -0.5, "langtidsarbeidssokere": -0.5},
    "Q10B": {"": -0.6, "helt_ledige": 0.9, "delvis_ledige": 0.6, "arbeidssokere_pa_tiltak": 1.0,
             "nae_ikke_pa_tiltak": -0.6, "nae_pa_tiltak": -0.2, "langtidsarbeidssokere": 0.5, "ungdom": 0.4},
    "Q10C": {"": -1.4, "ungdom": 1.2, "ikke_vestlige_innvandrere": 0.8, "jobseeker": 0.3},
    "Q10D": {"": -1.7, "ungdom": 1.5, "ikke_vestlige_innvandrere": 0.7},
    "Q10E": {"": -1.5, "lav_utdanning": 1.9, "ungdom": 0.6},
    "Q10F": {"": -2.3},
    "Q10G": {"": -4.5, "ikke_vestlige_innvandrere": 3.4},
    "Q10H": {"": -1.8, "langtidsarbeidssokere": 0.7, "ikke_vestlige_innvandrere": -0.6, "ungdom": -3.0},
    "Q10I": {"": -5.0, "ikke_vestlige_innvandrere": 5.2},
    "Q10J": {"": -2.6, "enslige_forsorgere": 2.0},
    "Q10K": {"": -2.3},
    "Q10L": {"": -2.2, "nedsatt_arbeidsevne": 0.9},
    "Q10M": {"": -1.4, "nedsatt_arbeidsevne": 0.6, "ungdom": -0.4, "langtidsarbeidssokere": -0.5},
    # Q11 willingness (none chosen = ikke aktuelt)
    "Q11A": {"": -0.1, "jobseeker": 0.3, "arbeidssokere_pa_tiltak": 0.3, "ungdom": 0.6,
             "ikke_vestlige_innvandrere": 0.6, "nae_ikke_pa_tiltak": -0.6, "langtidsarbeidssokere": 0.4,
             "lav_utdanning": 0.3},
    "Q11B": {"": -0.3, "jobseeker": 0.3, "arbeidssokere_pa_tiltak": 0.6, "ungdom": -0.4,
             "ikke_vestlige_innvandrere": -0.2, "nae_ikke_pa_tiltak": -0.5, "langtidsarbeidssokere": 0.4},
    "Q11C": {"": -0.7, "arbeidssokere_pa_tiltak": 0.4, "nae_ikke_pa_tiltak": -0.4, "ungdom": -0.1,
             "ikke_vestlige_innvandrere": -0.15},
    "Q11D": {"": -1.4, "ungdom": 0.8, "ikke_vestlige_innvandrere": 0.6, "nae_ikke_pa_tiltak": -0.5,
             "arbeidssokere_pa_tiltak": 0.6},
    "Q11E": {"": -1.4, "nae_ikke_pa_tiltak": -0.5, "arbeidssokere_pa_tiltak": 0.3, "ungdom": -0.1},
    # register traits calibrated like answers
    "female": {"": 0.0},
}
Q5_IF_MEASURES = {"jobseeker": (0.75, 0.17, 0.08), "other": (0.4, 0.5, 0.1)}  # Q5 = 1, 2, 3 when Q2D = 1
Q5_UNSURE_IF_NO_MEASURES = 0.1  # Q5 = 3 rather than 1 when sample 2 comes from Q5 alone
NOT_ANSWERED_IS_DONT_KNOW = 0.35  # Q1 non-answers coded 8 (vet ikke) rather than 9
Q1_USED_BONUS, Q1_USED_MISSING = 1.2, -2.5  # knowing a service one has used
Q2B_AFTER_Q2A = 1.5  # the two nav.no services go together
MUST_CHOOSE = 3.0  # a person routed on Q2 must have used one of the services
JOBS_SIGMA = 1.2  # mean 19 over median 8 needs a long tail (exp(sigma^2 / 2) ~ 2)
JOBS_GRID = np.array([*range(1, 11), 12, 15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 90, 100, 120, 150, 200, 250, 300])
MEDIAN_MARGIN = 0.02  # weighted share kept clear on each side of the printed median
MEDIAN_TAKE = 0.5  # at most this share of a neighbouring count is moved onto the median
EDUCATION_HIGH = {  # UTD 2/3/4 shares for those above compulsory school
    "enslige_forsorgere": (0.4, 0.32, 0.28), "arbeidssokere_pa_tiltak": (0.75, 0.15, 0.1),
    "ungdom": (0.85, 0.12, 0.03), "": (0.55, 0.27, 0.18)}
Q8_NONE_NOT_APPLICABLE, Q8_NONE_NO_EFFORT = "J", "I"


class Context:
    """The interviewed persons, their weights and group memberships, and the answers so far."""

    def __init__(self, people: pd.DataFrame, rng: np.random.Generator):
        names = seeds.status_groups().set_index("status_group_code")["status_group"]
        self.people = people.reset_index(drop=True)
        self.people["status_group"] = self.people["status_group_code"].map(names)
        self.status_names = tuple(names)
        self.rng = rng
        self.n = len(self.people)
        self.weights = self.people["county_weight"].to_numpy(float)
        self.complete = self.people["complete"].to_numpy(bool)
        self.groups = memberships(self.people)
        self.answers: dict[str, np.ndarray] = {}

    def member(self, name: str) -> np.ndarray:
        if name == "jobseeker":
            return np.isin(self.people["status_group"], JOBSEEKER_GROUPS)
        if name in self.status_names:
            return self.groups[("status_group", name)]
        return self.groups[("vulnerable_group", name)]

    def latent(self, key: str, extra: dict[str, np.ndarray] | None = None) -> np.ndarray:
        """Intercept + group effects of an item (before noise)."""
        score = np.zeros(self.n)
        for name, effect in EFFECTS[key].items():
            if name == "":
                score += effect
            elif extra and name in extra:
                score += effect * extra[name]
            else:
                score += effect * self.member(name)
        return score

    def logistic_noise(self) -> np.ndarray:
        u = self.rng.random(self.n)
        return np.log(u / (1 - u))

    def targets(self, indicator: str, base: dict[str, np.ndarray], category: str | None = None,
                statistic: str | None = None, transform=fitting.identity) -> list[Target]:
        """The weighted reference rows of an indicator as fitting targets over complete interviews."""
        rows = seeds.select(indicator=indicator, weighted_flag="true")
        if category is not None:
            rows = rows[rows["category"] == category]
        if statistic is not None:
            rows = rows[rows["statistic"] == statistic]
        result = []
        for row in rows.itertuples():
            scale = 100.0 if row.unit.startswith("percent") else 1.0
            group = self.groups[(row.group_type, row.group_code)]
            mask = group & base[row.denominator] & self.complete
            complement = None
            if row.statistic == "mean_difference":
                complement = self.groups[("complement", row.group_code)] & base[row.denominator] & self.complete
            sign, offset, value = 1.0, 0.0, row.published_value / scale
            if indicator == "gender_code" and row.category == "M":
                sign, offset = -1.0, 1.0
            result.append(Target(mask, value, row.tolerance / scale, label=f"{row.figure_id} {indicator}",
                                 transform=transform, complement=complement, sign=sign, offset=offset))
        return result


def memberships(people: pd.DataFrame) -> dict:
    """Masks of every group the reference seed names, from the persons' traits (DESIGN.md rules)."""
    status = people["status_group"].to_numpy()
    register = people["register_class"].to_numpy()
    nae = np.isin(register, ("nae_on_measure", "nae_other"))
    education = people["education"].to_numpy()
    member = {
        "ungdom": people["youth"].to_numpy(bool),
        "ikke_vestlige_innvandrere": people["non_western"].to_numpy(bool),
        "nedsatt_arbeidsevne": nae,
        "nae_pa_tiltak": register == "nae_on_measure",
        "nae_ikke_pa_tiltak": register == "nae_other",
        "langtidsarbeidssokere": people["long_term"].to_numpy(bool),
        "lav_utdanning": education == "low",
    }
    groups: dict = {("all", ""): np.ones(len(people), dtype=bool)}
    for name in seeds.status_groups()["status_group"]:
        groups[("status_group", name)] = status == name
    for name, mask in member.items():
        groups[("vulnerable_group", name)] = mask
        groups[("register_status", name)] = mask
        if name.startswith("nae") or name == "nedsatt_arbeidsevne":
            groups[("complement", name)] = ~nae
        elif name == "lav_utdanning":
            groups[("complement", name)] = education == "high"
        else:
            groups[("complement", name)] = ~mask
    return groups


def flags(ctx: Context, score: np.ndarray, free: np.ndarray, targets: list[Target],
          fixed: np.ndarray | None = None) -> np.ndarray:
    """A 0/1 answer for the free persons (others keep `fixed`, default 0) meeting `targets`."""
    fixed = np.zeros(ctx.n) if fixed is None else fixed
    latent = score + ctx.logistic_noise()
    return fitting.fit(latent, fitting.flag_values, targets, ctx.weights, free, fitting.flag_moves,
                       fixed=fixed, lean=fitting.flag_lean)


def scale(ctx: Context, score: np.ndarray, valid: np.ndarray, targets: list[Target]) -> np.ndarray:
    """A 1-6 answer for the persons in `valid` (NaN elsewhere) meeting `targets`."""
    latent = score + ctx.logistic_noise()
    return fitting.fit(latent, fitting.scale_values, targets, ctx.weights, valid, fitting.scale_moves,
                       fixed=np.full(ctx.n, np.nan))


def missing_code(answer_scale: str, reason: str) -> int:
    codes = seeds.scale_codes(answer_scale)
    return int(codes.loc[codes["missing_reason"] == reason, "code"].iloc[0])


def scale_item(ctx: Context, variable: str, asked: np.ndarray, key: str, answer_scale: str,
               extra: dict | None = None) -> np.ndarray:
    """A 1-6 item with vet ikke (8) and ikke aktuelt (9): first who says ikke aktuelt, then vet
    ikke, then the score of the others; NaN for those not asked."""
    not_applicable = missing_code(answer_scale, "not_applicable")
    dont_know = missing_code(answer_scale, "dont_know")
    base = {"asked": asked}
    na_key, dk_key = f"{key}_na", f"{key}_dk"
    na = flags(ctx, ctx.latent(na_key, extra), asked, ctx.targets(variable, base, category="not_applicable"))
    dk = flags(ctx, ctx.latent(dk_key, extra), asked & (na == 0),
               ctx.targets(variable, base, category="dont_know"))
    valid = asked & (na == 0) & (dk == 0)
    base["valid"] = valid
    targets = ctx.targets(variable, base, statistic="mean") + \
        ctx.targets(variable, base, category="4_6", transform=fitting.top_box)
    values = scale(ctx, ctx.latent(variable, extra), valid, targets)
    values[asked & (na == 1)] = not_applicable
    values[asked & (dk == 1)] = dont_know
    return values


# ---- the questions ---------------------------------------------------------------------------

def services_used(ctx: Context) -> None:
    """Q2A-Q2E and Q5 from each person's analysis-sample level: A = neither used a service nor
    seeks work (Q5 nei), B = used nav.no or an adviser but not a measure and does not seek work,
    C = used a measure or seeks work (or is unsure)."""
    level = ctx.people["level"].to_numpy()
    sample = {"sample": np.ones(ctx.n, dtype=bool)}
    level_a, level_b, level_c = level == "A", level == "B", level == "C"
    measures = flags(ctx, ctx.latent("Q2D"), level_c, ctx.targets("Q2D", sample))
    none = flags(ctx, ctx.latent("Q2E"), level_c & (measures == 0), ctx.targets("Q2E", sample),
                 fixed=level_a.astype(float))
    eligible = level_b | (level_c & (none == 0))
    must = level_b | (level_c & (measures == 0) & (none == 0))
    info = flags(ctx, ctx.latent("Q2A"), eligible, ctx.targets("Q2A", sample))
    vacancies = flags(ctx, ctx.latent("Q2B") + Q2B_AFTER_Q2A * info + MUST_CHOOSE * (must & (info == 0)),
                      eligible, ctx.targets("Q2B", sample))
    forced = must & (info == 0) & (vacancies == 0)
    adviser = flags(ctx, ctx.latent("Q2C"), eligible & ~forced, ctx.targets("Q2C", sample),
                    fixed=forced.astype(float))
    ctx.answers.update(Q2A=info, Q2B=vacancies, Q2C=adviser, Q2D=measures, Q2E=none)

    q5 = np.full(ctx.n, float(Q5_NO))
    seeking = level_c & (measures == 0)
    q5[seeking] = np.where(ctx.rng.random(ctx.n) < Q5_UNSURE_IF_NO_MEASURES, Q5_UNSURE, Q5_YES)[seeking]
    jobseeker = ctx.member("jobseeker")
    for who, shares in Q5_IF_MEASURES.items():
        members = level_c & (measures == 1) & (jobseeker if who == "jobseeker" else ~jobseeker)
        q5[members] = ctx.rng.choice([Q5_YES, Q5_NO, Q5_UNSURE], size=ctx.n, p=shares)[members]
    ctx.answers["Q5"] = q5


def knowledge(ctx: Context) -> None:
    """Q1A-Q1D: known better when used; about a quarter (nav.no) and a third (adviser, measures)
    do not answer."""
    every = np.ones(ctx.n, dtype=bool)
    not_applicable = missing_code("scale_extent", "not_applicable")
    dont_know = missing_code("scale_extent", "dont_know")
    for service in SERVICES:
        variable = f"Q1{service}"
        used = ctx.answers[f"Q2{service}"]
        missing = flags(ctx, ctx.latent("Q1_missing") + Q1_USED_MISSING * used, every,
                        ctx.targets(variable, {"sample": every}, category="not_answered"))
        valid = missing == 0
        base = {"valid": valid, "sample": every}
        values = scale(ctx, ctx.latent(variable) + Q1_USED_BONUS * used, valid,
                       ctx.targets(variable, base, statistic="mean_difference"))
        values[missing == 1] = np.where(ctx.rng.random(ctx.n) < NOT_ANSWERED_IS_DONT_KNOW, dont_know,
                                        not_applicable)[missing == 1]
        ctx.answers[variable] = values


def satisfaction(ctx: Context) -> None:
    """Q3A-Q3D, asked per service to those who used it or seek work (sample 2 of the service)."""
    seeking = np.isin(ctx.answers["Q5"], (Q5_YES, Q5_UNSURE))
    for service in SERVICES:
        used = ctx.answers[f"Q2{service}"] == 1
        asked = used | seeking
        ctx.answers[f"Q3{service}"] = scale_item(ctx, f"Q3{service}", asked, "Q3", "scale_satisfaction",
                                                 extra={"used": used.astype(float)})


def sample_three(ctx: Context) -> np.ndarray:
    """Analysis sample 3 from the answers: any service used, or seeks work / unsure."""
    used = np.column_stack([ctx.answers[f"Q2{s}"] for s in SERVICES]).max(axis=1) == 1
    return used | np.isin(ctx.answers["Q5"], (Q5_YES, Q5_UNSURE))


def jobs_applied(ctx: Context, asked: np.ndarray) -> None:
    """Q6 from the structure; Q6ANT for those who noted a number: heaped counts (5, 10, 15 ...)
    with the printed means, and a weighted median of 8 held clear of 7 and 9."""
    category = ctx.people["q6"].to_numpy()
    q6 = np.full(ctx.n, np.nan)
    for name, code in Q6_CODES.items():
        q6[asked & (category == name)] = code
    for reason in ("dont_know", "not_applicable"):
        q6[asked & (category == reason)] = missing_code("jobs_applied", reason)
    ctx.answers["Q6"] = q6
    counted = asked & (q6 == Q6_CODES["count_recorded"])
    base = {"count_recorded": counted}
    targets = ctx.targets("Q6ANT", base, statistic="mean")
    for target in targets:
        target.prepare(ctx.weights)
    latent = ctx.latent("Q6ANT") + JOBS_SIGMA * ctx.rng.normal(0, 1, ctx.n)

    def values_of(scores: np.ndarray, index: np.ndarray) -> np.ndarray:
        return np.where(counted[index], heap(np.exp(scores)), np.nan)

    values = values_of(fitting.rake(latent, values_of, targets, counted), np.arange(ctx.n))
    median = float(seeds.value(indicator="Q6ANT", statistic="median"))
    values = hold_median(values, counted & ctx.complete, ctx.weights, median, latent)
    values = fitting.polish(values, targets, counted, lambda v: grid_moves(v, median))
    ctx.answers["Q6ANT"] = values


def heap(counts: np.ndarray) -> np.ndarray:
    """Counts as people report them: exact up to 10, then rounded to 12, 15, 20, 25 ... 300."""
    counts = np.clip(counts, 1, JOBS_GRID[-1])
    above = np.clip(np.searchsorted(JOBS_GRID, counts), 1, len(JOBS_GRID) - 1)
    lower, upper = JOBS_GRID[above - 1], JOBS_GRID[above]
    nearest = np.where(counts - lower < upper - counts, lower, upper)
    return np.where(counts <= 10.5, np.clip(np.round(counts), 1, 10), nearest).astype(float)


def grid_moves(values: np.ndarray, median: float) -> list[np.ndarray]:
    """One step up or down the grid of typical counts, never across the median's sides."""
    position = np.searchsorted(JOBS_GRID, np.nan_to_num(values, nan=1))
    up = np.where(position + 1 < len(JOBS_GRID), JOBS_GRID[np.minimum(position + 1, len(JOBS_GRID) - 1)], np.nan)
    down = np.where(position > 0, JOBS_GRID[np.maximum(position - 1, 0)], np.nan)
    up = np.where(values == median, np.nan, up)
    down = np.where(values == median, np.nan, down)
    return [np.where(np.isnan(values), np.nan, up), np.where(np.isnan(values), np.nan, down)]


def hold_median(values: np.ndarray, base: np.ndarray, weights: np.ndarray, median: float,
                latent: np.ndarray) -> np.ndarray:
    """Counts next to the median moved onto it until the weighted shares below and above it
    both stay under one half by MEDIAN_MARGIN (so any median definition gives the printed one).
    Nearest counts first, and never more than MEDIAN_TAKE of any one count, so 7, 9 and 10 stay
    common answers."""
    values = values.copy()
    total = weights[base].sum()
    for below in (True, False):
        side = (lambda v: v < median) if below else (lambda v: v > median)
        steps = sorted(set(values[base & side(values)]), reverse=below)
        for step in steps:
            if weights[base & side(values)].sum() / total <= 0.5 - MEDIAN_MARGIN:
                break
            holders = np.flatnonzero(base & (values == step))
            holders = holders[np.argsort(latent[holders] if below else -latent[holders], kind="stable")[::-1]]
            for i in holders[: int(len(holders) * MEDIAN_TAKE)]:
                if weights[base & side(values)].sum() / total <= 0.5 - MEDIAN_MARGIN:
                    break
                values[i] = median
    return values


def around_measures(ctx: Context, asked: np.ndarray) -> None:
    """Q7: ikke aktuelt first; the others applied while waiting for, during or after a measure
    (at least one of them)."""
    sample = {"sample": asked}
    used = {"used_measures": ctx.answers["Q2D"]}
    na = flags(ctx, ctx.latent("Q7D", used), asked, ctx.targets("Q7D", sample))
    applied = asked & (na == 0)
    waiting = flags(ctx, ctx.latent("Q7A", used), applied, ctx.targets("Q7A", sample))
    during = flags(ctx, ctx.latent("Q7B", used) + MUST_CHOOSE * (waiting == 0), applied,
                   ctx.targets("Q7B", sample))
    forced = applied & (waiting == 0) & (during == 0)
    after = flags(ctx, ctx.latent("Q7C", used), applied & ~forced, ctx.targets("Q7C", sample),
                  fixed=forced.astype(float))
    for variable, values in zip(("Q7A", "Q7B", "Q7C", "Q7D"), (waiting, during, after, na)):
        ctx.answers[variable] = np.where(asked, values, np.nan)


def multi_choice(ctx: Context, asked: np.ndarray, variables: list[str]) -> np.ndarray:
    """Flags of a multiple-answer question's options; returns "chose none of them"."""
    sample = {"sample": asked}
    chosen = np.zeros(ctx.n, dtype=bool)
    for variable in variables:
        values = flags(ctx, ctx.latent(variable), asked, ctx.targets(variable, sample))
        ctx.answers[variable] = np.where(asked, values, np.nan)
        chosen |= values == 1
    return asked & ~chosen


def channels(ctx: Context, asked: np.ndarray) -> None:
    """Q8A-H; someone naming no channel said ikke aktuelt (not seeking work) or ingen innsats."""
    options = [f"Q8{letter}" for letter in "ABCDEFGH"]
    none = multi_choice(ctx, asked, options)
    not_seeking = ctx.answers["Q5"] == Q5_NO
    ctx.answers[f"Q8{Q8_NONE_NOT_APPLICABLE}"] = np.where(asked, none & not_seeking, np.nan).astype(float)
    ctx.answers[f"Q8{Q8_NONE_NO_EFFORT}"] = np.where(asked, none & ~not_seeking, np.nan).astype(float)


def obstacles(ctx: Context, asked: np.ndarray) -> None:
    """Q10A-M; naming none is ikke aktuelt (Q10N)."""
    none = multi_choice(ctx, asked, [f"Q10{letter}" for letter in "ABCDEFGHIJKLM"])
    ctx.answers["Q10N"] = np.where(asked, none, np.nan).astype(float)


def willingness(ctx: Context, asked: np.ndarray) -> None:
    """Q11A-E; naming none is ikke aktuelt (Q11F)."""
    none = multi_choice(ctx, asked, [f"Q11{letter}" for letter in "ABCDE"])
    ctx.answers["Q11F"] = np.where(asked, none, np.nan).astype(float)


def education(ctx: Context) -> None:
    """UTD from the structure's education class; above compulsory school by group."""
    cls = ctx.people["education"].to_numpy()
    utd = np.full(ctx.n, np.nan)
    utd[cls == "low"] = 1
    utd[cls == "unknown"] = missing_code("education", "dont_know")
    draws = ctx.rng.random(ctx.n)
    remaining = cls == "high"
    for key, shares in EDUCATION_HIGH.items():  # first matching group decides
        members = remaining & (ctx.member(key) if key else True)
        utd[members] = (2 + (draws[:, None] > np.cumsum(shares)[None, :-1]).sum(axis=1))[members]
        remaining &= ~members
    ctx.answers["UTD"] = utd


def gender_and_age(ctx: Context, female_rate: np.ndarray, female: np.ndarray, age: np.ndarray,
                   low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Register gender and age of the complete interviews, fitted to section 10.2's shares and
    means (the broken-off keep their draws `female`, `age`)."""
    every = {"sample": np.ones(ctx.n, dtype=bool)}
    rate = np.clip(female_rate, 0.02, 0.98)
    female = flags(ctx, np.log(rate / (1 - rate)), ctx.complete, ctx.targets("gender_code", every),
                   fixed=female.astype(float))

    def ages(scores: np.ndarray, index: np.ndarray) -> np.ndarray:
        return np.clip(np.round(scores), low[index], high[index])

    def moves(values: np.ndarray) -> list[np.ndarray]:
        return [np.where(values < high, values + 1, np.nan), np.where(values > low, values - 1, np.nan)]

    age = fitting.fit(age, ages, ctx.targets("age", every), ctx.weights, ctx.complete, moves,
                      fixed=ages(age, np.arange(ctx.n)))
    return female, age


def answer(people: pd.DataFrame, rng: np.random.Generator) -> Context:
    """Every answer of every interviewed person (before break-offs blank the rest)."""
    ctx = Context(people, rng)
    services_used(ctx)
    knowledge(ctx)
    satisfaction(ctx)
    asked = sample_three(ctx)
    level = ctx.people["level"].to_numpy()
    if not np.array_equal(asked, np.isin(level, ("B", "C"))):
        raise RuntimeError("the answers to Q2 and Q5 do not give the planned analysis sample 3")
    ctx.answers["Q4"] = scale_item(ctx, "Q4", asked, "Q4", "scale_extent")
    jobs_applied(ctx, asked)
    around_measures(ctx, asked)
    channels(ctx, asked)
    ctx.answers["Q9"] = scale_item(ctx, "Q9", asked, "Q9", "scale_extent")
    obstacles(ctx, asked)
    willingness(ctx, asked)
    education(ctx)
    return ctx
