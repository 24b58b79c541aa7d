"""The Questback export of the office-manager survey (September 2014), synthesised.

One row per answered questionnaire, raw answers only: the warehouse derives every table
from them. Which respondent answers an item, and with what, is chosen by the searches in
`calibrate` so that each published figure of Part 1 rounds to its printed value, while the
answers still look like a survey: blocks skipped together, "Annet" items mostly left blank,
ratings of one question related, small offices answering first.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from nav_placement.demo import seeds, text
from nav_placement.demo.calibrate import (
    apportion,
    bisect,
    closest_split,
    mean_total,
    pearson,
    shaped_counts,
    split_groups,
    stretch_to_total,
    swap_to_correlation,
    swap_to_mean,
)
from nav_placement.demo.register import CLASSES, class_bounds, class_counts, draw_staff

GROUPS = (*CLASSES, "unknown")  # size group by the Q10 answer; unknown = Q10 left empty
SCALE = tuple(range(1, 7))
DONT_KNOW = 7

# The method chapter's facts (field period, reminders, staff range, mean and median, the first and
# last days' mean staff, experience, state positions, Q17 answered) are reference seed rows
# (M03-M27), read where they are used.
PRIORITY_TODAY_DONT_KNOW = 1  # reference note of Tabell 8: one Q16 vet ikke makes Tabell 9 add up
DUPLICATE_QUESTIONS = {29: 18}  # the printed questionnaire repeats Q18 as Q29

# Choices of this generator, not report facts.
STAFF_EMPTY = 2  # Q10 left empty, so 245 valid answers remain (Tabell 1)
UNMATCHED_STAFF_EMPTY = 1  # of those, one is among the answers without a known office
UNMATCHED_WITHOUT_NUMBER = 3  # answers of unknown office that left Q3 empty (the others mistype it)
TYPED_DECIMALS = 4  # Q10 answers typed with a decimal comma, "24,5"
EXPERIENCE_EMPTY = 2
EXPERIENCE_LEAST, EXPERIENCE_TOP = 0.5, 35  # years at the bottom and top of the drawn spread
MAX_EXPERIENCE = 42  # years
INVITATION_SHARE = 0.5  # of the answers, in the invitation's wave; the reminders' waves share the rest
DAILY_DECAY = 0.5  # within a wave, each field day brings this share of the day before's answers
SHARED_TRAITS = {15: "priority", 16: "priority", 34: "competence", 35: "competence"}
ORG_FORM_OTHER_DESCRIBED = 0.8  # of those answering Annet in Q8, share describing it in Q9
# One Q15 answer that would be blank is typed "10" (outside 1-7), so the warehouse's
# out_of_range reason has a case; it counts neither as answered nor as several numbers.
Q15_OUT_OF_RANGE = "10"
VIKARNETT_MEANS = {"q28g": 1.9, "q30g": 2.4}  # unreported items: plausible use of VikarNett
UNREPORTED_ANSWERED = 0.97
RESPONDENT_ID_START = 41873350


def _zscore(values: np.ndarray) -> np.ndarray:
    """Standardised log size; 0 (average) where the size is unknown."""
    logged = np.log(values)
    known = ~np.isnan(logged)
    z = np.zeros(len(values))
    z[known] = (logged[known] - logged[known].mean()) / logged[known].std()
    return z


def choose_offices(offices: pd.DataFrame, answered: dict[str, int], targets: dict[str, int],
                   rng: np.random.Generator) -> pd.DataFrame:
    """The responding offices: Tabell 2's count in every county, and per size class the count
    that, with the answers of unknown office, gives Tabell 1's sample.

    Offices are first drawn with a response propensity by class (large ones answered more
    often); swaps inside a county then settle the class totals without touching Tabell 2.
    """
    population = offices["size_class"].value_counts()
    propensity = offices["size_class"].map(lambda c: targets[c] / population[c]) + rng.normal(0, 0.25, len(offices))
    chosen = pd.Series(False, index=offices.index)
    for county, group in offices.groupby("county_code"):
        chosen[propensity[group.index].nlargest(answered[county]).index] = True
    while True:
        have = offices.loc[chosen, "size_class"].value_counts().reindex(CLASSES, fill_value=0)
        over = [c for c in CLASSES if have[c] > targets[c]]
        under = [c for c in CLASSES if have[c] < targets[c]]
        if not over:
            return offices[chosen]
        pairs = [
            (a, b)
            for _, group in offices.groupby("county_code")
            for a in group.index[chosen[group.index] & group["size_class"].isin(over)]
            for b in group.index[~chosen[group.index] & group["size_class"].isin(under)]
        ]
        if not pairs:
            raise ValueError("the office list cannot give the sample's size classes")
        a, b = pairs[rng.integers(len(pairs))]
        chosen[a], chosen[b] = False, True


def staff_answers(counts: dict[str, int], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Sorted Q10 answers per size class with the report's range, median and mean (M10-M12).

    The median answer falls among the small offices (over half the sample), so it is set
    there; the large offices' spread above 40 is then stretched until the mean is right.
    """
    least, most = seeds.value("staff_total_min"), seeds.value("staff_total_max")
    median, mean = seeds.value("staff_total_median"), seeds.value("staff_total_mean")
    values = {c: draw_staff(c, counts[c], rng) for c in CLASSES}
    small, medium, large = (values[c] for c in CLASSES)
    small[0] = least
    middle = (sum(counts.values()) - 1) // 2
    small[:middle] = np.minimum(small[:middle], median)
    small[middle:] = np.maximum(small[middle:], median)
    small[middle] = median
    large[-1] = most
    wanted = mean * sum(counts.values()) - small.sum() - medium.sum() - large[-1]
    large[:-1] = stretch_to_total(large[:-1], class_bounds("large")[0], wanted, most)
    return {c: np.sort(v) for c, v in values.items()}


def build_people(offices: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One row per respondent: office (or none), county, Q10 staff, size group and traits."""
    answered = {row.category: int(row.published_value) for row in seeds.select("offices_answered").itertuples()}
    respondents = int(seeds.value("responses_total"))
    unmatched = respondents - sum(answered.values())
    sample = class_counts(respondents - STAFF_EMPTY, "sample_share")
    unmatched_sizes = class_counts(unmatched - UNMATCHED_STAFF_EMPTY, "sample_share")
    matched_sizes = {c: sample[c] - unmatched_sizes[c] for c in CLASSES}
    matched_sizes["small"] += STAFF_EMPTY - UNMATCHED_STAFF_EMPTY  # whose Q10 is empty
    matched = choose_offices(offices, answered, matched_sizes, rng)

    people = pd.concat([
        matched[["office_number", "office_name", "county_code", "county_name", "size_class", "score"]],
        pd.DataFrame({
            "size_class": [c for c in CLASSES for _ in range(unmatched_sizes[c])] + [None] * UNMATCHED_STAFF_EMPTY,
            "score": rng.normal(0, 1, unmatched),
        }),
    ], ignore_index=True)
    people["matched"] = people["office_number"].notna()
    empty = rng.choice(people.index[people["matched"] & (people["size_class"] == "small")],
                       STAFF_EMPTY - UNMATCHED_STAFF_EMPTY, replace=False)
    people.loc[empty, "size_class"] = None

    people["staff"] = np.nan
    for size_class, values in staff_answers(sample, rng).items():
        members = people.index[people["size_class"] == size_class]
        people.loc[people.loc[members, "score"].sort_values().index, "staff"] = values
    typed = rng.choice(people.index[people["staff"].between(17, 150)], TYPED_DECIMALS, replace=False)
    people.loc[typed, "staff"] += 0.5
    people["group"] = people["size_class"].fillna("unknown")
    n = len(people)
    people["lazy"] = rng.normal(0, 1, n)  # skips items and whole blocks
    people["other"] = rng.normal(0, 1, n)  # rates the "Annet" items
    people["mood"] = rng.normal(0, 1, n)  # rates everything a little higher
    people["priority"] = rng.normal(0, 1, n)  # market work is a priority at the office (Q15, Q16)
    people["competence"] = rng.normal(0, 1, n)  # thinks well of the staff (Q34, Q35)
    return people.sample(frac=1, random_state=rng).reset_index(drop=True)


def reported_staff(people: pd.DataFrame) -> dict[str, float]:
    """Q10 by office number, for the register's FTEs of the offices that answered."""
    known = people["matched"] & people["staff"].notna()
    return dict(zip(people.loc[known, "office_number"], people.loc[known, "staff"]))


def pick_answerers(skip: np.ndarray, groups: np.ndarray, per_group: dict[str, int]) -> np.ndarray:
    """The respondents answering an item: per size group, those least inclined to skip it."""
    answering = np.zeros(len(skip), dtype=bool)
    for group, count in per_group.items():
        members = np.flatnonzero(groups == group)
        answering[members[np.argsort(skip[members], kind="stable")[:count]]] = True
    return answering


def least_skipping(skip: np.ndarray, count: int) -> np.ndarray:
    answering = np.zeros(len(skip), dtype=bool)
    answering[np.argsort(skip, kind="stable")[:count]] = True
    return answering


def place(score: np.ndarray, answering: np.ndarray, groups: np.ndarray, sixes: dict[str, int] | None,
          counts: dict[int, int]) -> np.ndarray:
    """Answers to one item: each group's 6s to its highest scores, then the other values
    (`counts`) by score across all answerers, highest value to highest score."""
    answers = np.full(len(score), None, dtype=object)
    free = answering.copy()
    for group, k in (sixes or {}).items():
        members = np.flatnonzero(answering & (groups == group))
        top = members[np.argsort(-score[members], kind="stable")[:k]]
        answers[top] = 6
        free[top] = False
    order = np.flatnonzero(free)
    order = order[np.argsort(-score[order], kind="stable")]
    values = [v for v in sorted(counts, reverse=True) for _ in range(counts[v])]
    if len(values) != len(order):
        raise ValueError(f"{len(values)} values for {len(order)} answerers")
    answers[order] = values
    return answers


def fill_sixes(n: dict[str, int], k: dict[str, int | None]) -> dict[str, int]:
    """6-counts for groups without a printed share: the printed groups' rate."""
    printed = [g for g in k if k[g] is not None]
    rate = sum(k[g] for g in printed) / max(sum(n[g] for g in printed), 1)
    return {g: k[g] if k[g] is not None else round(n[g] * rate) for g in k}


def size_targets(item_code: str) -> dict[str, tuple[float, float]]:
    rows = seeds.select("share_6", item_code)
    return {r.size_class: (r.published_value, r.tolerance) for r in rows.itertuples()}


def printed_counts(item_code: str, categories, total: int) -> dict:
    """Counts per category closest to the item's printed distribution."""
    rows = seeds.select("share", item_code).set_index("category")
    return dict(zip(categories, apportion(total, [rows.loc[str(c), "published_value"] for c in categories])))


def capacity(people: pd.DataFrame) -> dict[str, int]:
    return people["group"].value_counts().reindex(GROUPS, fill_value=0).to_dict()


def fit_correlation(item_code: str, people: pd.DataFrame, answering: np.ndarray, mood: np.ndarray,
                    sixes: dict[str, int] | None, counts: dict[int, int]) -> np.ndarray:
    """Answers placed so that corr(Q10, answer) is the printed Pearson r (fn 25, 28, 52).

    Smaller offices get a head start in the ranking by a weight found by bisection, then
    swaps of two answers (which keep every count) close the last gap exactly.
    """
    target = seeds.value("pearson_r", item_code)
    tolerance = float(seeds.select("pearson_r", item_code)["tolerance"].iloc[0])
    staff = people["staff"].to_numpy(dtype=float)
    size = _zscore(staff)
    groups = people["group"].to_numpy()

    def answers(weight: float) -> np.ndarray:
        return place(mood - weight * size, answering, groups, sixes, counts)

    def correlation(result: np.ndarray) -> tuple[np.ndarray, float]:
        valid = ~np.isnan(staff) & np.isin(result, SCALE)
        return valid, pearson(staff[valid], result[valid].astype(float))

    result = answers(bisect(lambda w: correlation(answers(w))[1], target, -5.0, 5.0))
    valid, _ = correlation(result)
    movable = result[valid] != 6 if sixes else np.ones(valid.sum(), dtype=bool)
    swapped = swap_to_correlation(staff[valid], result[valid].astype(float), movable, target, tolerance)
    result[np.flatnonzero(valid)] = swapped.astype(int).tolist()
    return result


def likert_item(code: str, people: pd.DataFrame, skip: np.ndarray, mood: np.ndarray) -> np.ndarray:
    """One 1-6 item with its printed N and whatever else the reference seed prints for it:
    mean, shares of 6 by size, distribution, correlation with size."""
    groups = people["group"].to_numpy()
    n_valid = int(seeds.value("n_valid", code))
    targets = size_targets(code)
    if targets:
        total = mean_total(n_valid, seeds.value("mean", code))

        def feasible(n, k):
            six = sum(fill_sixes(n, k).values())
            return n_valid - six <= total - 6 * six <= 5 * (n_valid - six)

        n, k = closest_split(n_valid, capacity(people), targets, accept=feasible)
        sixes = fill_sixes(n, k)
        six = sum(sixes.values())
        counts = shaped_counts(n_valid - six, total - 6 * six, SCALE[:-1])
        return place(mood, pick_answerers(skip, groups, n), groups, sixes, counts)
    answering = least_skipping(skip, n_valid)
    if seeds.select("share", code).empty:
        counts = shaped_counts(n_valid, mean_total(n_valid, seeds.value("mean", code)), SCALE)
        return place(mood, answering, groups, None, counts)
    counts = printed_counts(code, SCALE, n_valid)
    if seeds.select("pearson_r", code).empty:
        return place(mood, answering, groups, None, counts)
    return fit_correlation(code, people, answering, mood, None, counts)


def priority_item(code: str, people: pd.DataFrame, skip: np.ndarray, mood: np.ndarray,
                  rng: np.random.Generator) -> np.ndarray:
    """Q15/Q16, a free-text number field: 1-6, 7 = vet ikke, several numbers ("3-4"), blank.

    Tabell 6 prints vet ikke inside its 100 %, Tabell 8 only the valid answers (plus, by the
    reference note, one vet ikke). The by-size shares count vet ikke in the denominator.
    """
    if "dont_know" in set(seeds.select("share", code)["category"]):
        counts = printed_counts(code, (*SCALE, "dont_know"), int(seeds.value("n_answered", code)))
        dont_know = counts.pop("dont_know")
    else:
        counts = printed_counts(code, SCALE, int(seeds.value("n_valid", code)))
        dont_know = PRIORITY_TODAY_DONT_KNOW
    answered = sum(counts.values()) + dont_know
    sixes_total = counts.pop(6)
    groups = people["group"].to_numpy()
    n, sixes = split_groups(answered, capacity(people), size_targets(code), sixes=sixes_total)
    answering = pick_answerers(skip, groups, n)
    # vet ikke comes from the managers newest in the job
    candidates = np.flatnonzero(answering)
    experience = people["experience"].fillna(0).to_numpy()[candidates]
    unsure = candidates[np.argsort(experience, kind="stable")[:dont_know]]
    answering[unsure] = False
    answers = fit_correlation(code, people, answering, mood, sixes, counts)
    answers[unsure] = DONT_KNOW
    blanks = np.flatnonzero(answers == None)  # noqa: E711 (element-wise on an object array)
    several = rng.choice(blanks, int(seeds.value("n_several_numbers", code)), replace=False)
    answers[several] = [text.pick(text.MULTI_NUMBER_ANSWERS, rng) for _ in several]
    return answers


def unreported_item(code: str, skip: np.ndarray, mood: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """An item the report leaves out (VikarNett): plausible answers, about 240 of them."""
    n = round(len(skip) * UNREPORTED_ANSWERED)
    total = round(n * VIKARNETT_MEANS[code] + rng.normal())
    return place(mood, least_skipping(skip, n), np.zeros(len(skip)), None, shaped_counts(n, total, SCALE))


def duplicate_item(original: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The repeated Q18 block (Q29): mostly the same answers, some a step off, a few skipped."""
    copy = original.copy()
    answered = np.flatnonzero(copy != None)  # noqa: E711
    for i in answered:
        if rng.random() < 0.12:
            copy[i] = int(np.clip(copy[i] + rng.choice((-1, 1)), 1, 6))
    copy[rng.choice(answered, rng.integers(1, 5), replace=False)] = None
    return copy


def rating_answers(people: pd.DataFrame, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Every rated item (1-6 scales and Q15/Q16), by item code.

    Respondents skip and rate block-wise: a question's items share a skip and a mood score,
    the "Annet" items a respondent-level habit of filling them in; Q15/Q16 and Q34/Q35 share
    a trait each, so they agree with each other as real answers do.
    """
    items = seeds.items()
    with_text = {code.removesuffix("_text") for code in items["item_code"] if code.endswith("_text")}
    n = len(people)
    answers: dict[str, np.ndarray] = {}
    blocks: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    rated = items[items["item_type"].isin(["likert_1_6", "priority_1_6_dont_know_7"])]
    for item in rated.itertuples():
        question = int(item.question_number)
        if question not in blocks:
            blocks[question] = (people["lazy"].to_numpy() + rng.normal(0, 0.8, n),
                                0.5 * people["mood"].to_numpy() + rng.normal(0, 0.6, n))
        block_skip, block_mood = blocks[question]
        skip = (people["other"].to_numpy() if item.item_code in with_text else block_skip) + rng.normal(0, 0.3, n)
        trait = SHARED_TRAITS.get(question)
        mood = (people[trait].to_numpy() if trait else block_mood) + rng.normal(0, 1.0, n)
        if question in DUPLICATE_QUESTIONS:
            original = f"q{DUPLICATE_QUESTIONS[question]}{item.item_letter}"
            answers[item.item_code] = duplicate_item(answers[original], rng)
        elif item.item_type == "priority_1_6_dont_know_7":
            answers[item.item_code] = priority_item(item.item_code, people, skip, mood, rng)
        elif item.item_code in VIKARNETT_MEANS:
            answers[item.item_code] = unreported_item(item.item_code, skip, mood, rng)
        else:
            answers[item.item_code] = likert_item(item.item_code, people, skip, mood)
    blanks = np.flatnonzero(answers["q15"] == None)  # noqa: E711
    answers["q15"][rng.choice(blanks)] = Q15_OUT_OF_RANGE
    return answers


def experience_years(count: int, rng: np.random.Generator) -> np.ndarray:
    """Q7 years in placement work with M20's median, mean and share above a threshold; some blank.

    Years are spread through the median and the threshold (at one minus the share above it);
    exactly the share's count lies above the threshold, and those are stretched to the mean.
    """
    median, mean = seeds.value("experience_years_median"), seeds.value("experience_years_mean")
    above = seeds.row("experience_years_share_above")
    threshold, share_above = float(above["category"]), float(above["published_value"]) / 100
    answered = count - EXPERIENCE_EMPTY
    quantiles = (0.0, 0.5, 1 - share_above, 1.0)
    years = np.interp((np.arange(answered) + rng.uniform(size=answered)) / answered, quantiles,
                      (EXPERIENCE_LEAST, median, threshold, EXPERIENCE_TOP))
    years = np.where(years < 3, np.round(years * 2) / 2, np.round(years)).clip(EXPERIENCE_LEAST, None)
    middle = (len(years) - 1) // 2
    years[:middle] = np.minimum(years[:middle], median)
    years[middle:] = np.maximum(years[middle:], median)
    years[middle] = median
    top = np.arange(answered) >= answered - round(answered * share_above)
    years[~top] = np.minimum(years[~top], threshold)
    wanted = mean * len(years) - years[~top].sum()
    years[top] = np.maximum(stretch_to_total(years[top], threshold, wanted, MAX_EXPERIENCE), threshold + 1)
    return rng.permutation(np.concatenate([years, np.full(EXPERIENCE_EMPTY, np.nan)]))


def state_positions(staff: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Q11 whole state counsellor positions: a share of the staff, with M17's mean ("somewhat over 11")."""
    ratio = rng.uniform(0.3, 0.6, len(staff))

    def positions(scale: float) -> np.ndarray:
        return np.minimum(np.maximum(1, np.round(scale * ratio * staff)), np.floor(staff))

    scale = bisect(lambda s: -float(np.nanmean(positions(s))), -seeds.value("state_positions_mean"), 0.2, 3.0)
    return positions(scale)


def org_forms(people: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Q8 with Tabell 3's counts: the larger the office, the likelier it has departments."""
    forms = seeds.org_forms().sort_values("sort_order")
    counts = printed_counts("q08", forms["org_form_code"], int(seeds.value("n_answered", "q08")))
    n = len(people)
    answering = np.flatnonzero(~np.isin(np.arange(n), rng.choice(n, n - sum(counts.values()), replace=False)))
    score = _zscore(people["staff"].to_numpy(dtype=float)) + rng.normal(0, 0.8, n)
    ranked = answering[np.argsort(-score[answering], kind="stable")]
    values = [v for code, v in zip(forms["org_form_code"], forms["delivered_value"]) for _ in range(counts[code])]
    answers = np.full(n, None, dtype=object)
    answers[ranked] = values
    return answers


def field_day_shares(days: int, reminders: int) -> list[float]:
    """Percent of the answers on each field day: a wave on the invitation's day and on each
    reminder's (spread evenly over the field days), every wave falling off day by day."""
    starts = [round(i * days / (reminders + 1)) for i in range(reminders + 1)]
    weights = [INVITATION_SHARE if reminders else 1.0] + [(1 - INVITATION_SHARE) / max(reminders, 1)] * reminders
    shares: list[float] = []
    for weight, start, stop in zip(weights, starts, [*starts[1:], days]):
        decay = DAILY_DECAY ** np.arange(stop - start)
        shares.extend(100 * weight * decay / decay.sum())
    return shares


def completion_times(staff: np.ndarray, rng: np.random.Generator) -> list[datetime]:
    """Fullført on the weekdays of the field period (M06), in waves started by the invitation and
    the reminders (M03, M07); small offices answered first (M08, M09).

    The first days' respondents are drawn, smaller offices likelier, with a size weight set by
    bisection (and one exchange) so their mean staff is the reported one; then the last days'
    from the rest, larger offices likelier, likewise.
    """
    field_days = pd.bdate_range(seeds.date_value("field_period_start"), seeds.date_value("field_period_end"))
    per_day = apportion(len(staff), field_day_shares(len(field_days), int(seeds.value("reminders_sent"))))
    days = np.repeat(np.arange(len(field_days)), per_day)
    first, last = seeds.row("first_days_staff_mean"), seeds.row("last_days_staff_mean")
    size = _zscore(staff)

    def wave(candidates: np.ndarray, count: int, mean_staff: float, low: float, high: float) -> np.ndarray:
        noise = rng.normal(0, 1, len(candidates))

        def pick(weight: float) -> np.ndarray:
            return candidates[np.argsort(weight * size[candidates] + noise, kind="stable")[:count]]

        chosen = pick(bisect(lambda w: float(np.nanmean(staff[pick(w)])), mean_staff, low, high))
        return swap_to_mean(chosen, candidates, staff, mean_staff)

    everyone = np.arange(len(staff))
    early = wave(everyone, sum(per_day[:int(first["category"])]), float(first["published_value"]), 0.0, 5.0)
    rest = np.setdiff1d(everyone, early)
    late = wave(rest, sum(per_day[-int(last["category"]):]), float(last["published_value"]), -5.0, 0.0)
    ranked = np.concatenate([rng.permutation(part) for part in (early, np.setdiff1d(rest, late), late)])
    clock = np.concatenate([np.sort(rng.uniform(7.5 * 3600, 16.5 * 3600, count)) for count in per_day])
    times = [field_days[day].to_pydatetime() + timedelta(seconds=int(s)) for day, s in zip(days, clock)]
    moments: list[datetime] = [times[0]] * len(staff)
    for position, person in enumerate(ranked):
        moments[person] = times[position]
    return moments


def typed_number(value: float) -> int | str | None:
    """A number as a respondent types it: 12 (stored as a number) or "12,5" (as text)."""
    if np.isnan(value):
        return None
    return int(value) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def blank_some(values: list, share: float, rng: np.random.Generator) -> list:
    return [None if rng.random() < share else v for v in values]


def other_item_text(item_code: str, rating: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """What "Annet" means, typed by some of those who rated the item, more often when high."""
    item = seeds.items().set_index("item_code").loc[item_code]
    pool = text.ARENA_WEAKNESS_TEXT if "Arena" in item.label_nb else text.OTHER_ITEM_TEXT[int(item.question_number)]
    answers = np.full(len(rating), None, dtype=object)
    for i in np.flatnonzero(rating != None):  # noqa: E711
        if rng.random() < (0.55 if rating[i] >= 4 else 0.2):
            answers[i] = text.pick(pool, rng)
    return answers


def unmatched_office_numbers(people: pd.DataFrame, register_numbers: set[str], rng: np.random.Generator) -> list:
    """Q3 of the answers of unknown office: blank, or a number the register does not hold."""
    count = int((~people["matched"]).sum())
    numbers: list[str | None] = [None] * UNMATCHED_WITHOUT_NUMBER
    while len(numbers) < count:
        number = f"{rng.integers(1, 21):02d}{rng.integers(1, 100):02d}"
        if number not in register_numbers and number not in numbers:
            numbers.append(number)
    return list(rng.permutation(np.array(numbers, dtype=object)))


def build_responses(people: pd.DataFrame, register_numbers: set[str], rng: np.random.Generator) -> pd.DataFrame:
    """The export: `Respondent ID`, `Fullført`, then every questionnaire column, ordered by
    completion. Cells hold what Questback writes: numbers as numbers, typed text as text."""
    n = len(people)
    staff = people["staff"].to_numpy(dtype=float)
    people = people.assign(experience=experience_years(n, rng))
    answers: dict[str, object] = dict(rating_answers(people, rng))

    completed = completion_times(staff, rng)
    unmatched = ~people["matched"].to_numpy()
    q3 = people["office_number"].to_numpy(dtype=object)
    q3[unmatched] = unmatched_office_numbers(people, register_numbers, rng)
    q2 = [text.office_name_as_typed(name, rng) if isinstance(name, str) else None
          for name in people["office_name"]]
    taken = set(people["office_name"].dropna().str.removeprefix("NAV "))
    for i, place_name in zip(np.flatnonzero(unmatched), text.place_names(int(unmatched.sum()), taken, rng)):
        q2[i] = f"NAV {place_name}" if rng.random() < 0.7 else None
    counties = [c if isinstance(c, str) else rng.choice(list(text.POSTAL_RANGES)) for c in people["county_code"]]
    postal = [f"{rng.integers(*text.POSTAL_RANGES[c]):04d}" for c in counties]
    positions = state_positions(staff, rng)
    q8 = org_forms(people, rng)
    annet = seeds.org_forms().set_index("org_form_code").loc["annet", "delivered_value"]
    q17_answered = seeds.value("share_answered", "q17") / 100  # M27, "more than nine in ten"
    answers.update({
        "q01": [moment.strftime("%Y-%m-%d") for moment in completed],
        "q02": blank_some(q2, 0.03, rng),
        "q03": q3,
        "q04": blank_some(postal, 0.02, rng),
        "q05": [name if isinstance(name, str) else None for name in people["county_name"]],
        "q06": blank_some([text.pick(text.JOB_TITLES, rng) for _ in range(n)], 0.01, rng),
        "q07": [typed_number(v) for v in people["experience"]],
        "q08": q8,
        "q09": [text.pick(text.ORG_FORM_OTHER, rng)
                if form == annet and rng.random() < ORG_FORM_OTHER_DESCRIBED else None for form in q8],
        "q10": [typed_number(v) for v in staff],
        "q11": blank_some([typed_number(v) for v in positions], 0.01, rng),
        "q12": blank_some([typed_number(v) for v in np.round(positions * rng.uniform(0.1, 0.5, n))], 0.05, rng),
        "q13": blank_some([typed_number(v) for v in np.round(positions * rng.uniform(0.0, 0.25, n))], 0.08, rng),
        "q14": blank_some([typed_number(v) for v in np.round(positions * rng.uniform(0.0, 0.3, n))], 0.08, rng),
        "q17": [text.priority_measures_text(rng) if rng.random() < q17_answered else None for _ in range(n)],
    })
    items = seeds.items()
    for code in items["item_code"]:
        if code.endswith("_text"):
            answers[code] = other_item_text(code.removesuffix("_text"), answers[code.removesuffix("_text")], rng)
    order = np.argsort(completed, kind="stable")
    columns = {
        "Respondent ID": [int(i) for i in RESPONDENT_ID_START + np.cumsum(rng.integers(1, 40, n))],
        "Fullført": [completed[i].strftime("%Y-%m-%d %H:%M:%S") for i in order],
    }
    for code, column in zip(items["item_code"], items["delivered_column"]):
        columns[column] = [answers[code][i] for i in order]
    return pd.DataFrame(columns, dtype=object)
