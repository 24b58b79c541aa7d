"""Transitions (Part 3): NAV's register statistic (status six months after an exit) by group, month
and office size; the follow-up survey's outcomes by exit group and characteristic, weighted, with
95% intervals; and the survey against the register. Only aggregates are read; register cells and
survey cells under 5 persons are withheld by the tables themselves and shown here as withheld."""

import altair as alt
import pandas as pd
import streamlit as st

from nav_placement.serving import MIN_CELL_COUNT, query

st.set_page_config(page_title="Transitions - nav-placement", layout="wide")
st.title("Transitions: leaving NAV's job-seeker and reduced-work-capacity statuses")

SIX_MONTH_STATUSES = ["employee_only", "employee_with_benefit", "job_seeker", "reduced_work_capacity",
                      "disability_pension", "old_age_pension", "other"]
EXIT_STATUSES = {"job_seeker": "former job seekers", "reduced_work_capacity": "former persons with reduced work capacity"}
GROUP_TYPES = {"all": "everyone", "vulnerable_group": "vulnerable group", "complement": "its complement (the rest)",
               "county": "county", "office_size_class": "size of the office that followed the person up"}
EXIT_GROUPS = {"job_seeker": "former job seekers", "reduced_work_capacity": "former reduced work capacity",
               "all": "all (pooled)"}

try:
    rates = query(
        "select register_wave, exit_month, exit_status, group_type, group_code, six_month_status, n_exits, "
        "n_persons, share, suppressed_flag from marts.register_transition_rates"
    )
    outcomes = query("select * from analysis.followup_outcomes")
    comparison = query("select * from marts.followup_register_comparison")
except FileNotFoundError as missing:
    st.error(str(missing))
    st.stop()

register_tab, survey_tab, compare_tab = st.tabs(
    ["Register: status six months after exit", "Follow-up survey: outcomes", "Survey against register"])

with register_tab:
    if rates.empty:
        st.info("No register extracts loaded yet.")
    else:
        left, middle, right = st.columns(3)
        exit_status = left.selectbox("Exit from", list(EXIT_STATUSES), format_func=EXIT_STATUSES.get)
        available = rates[rates["exit_status"] == exit_status]
        group_type = middle.selectbox("Group", [g for g in GROUP_TYPES if g in set(available["group_type"])],
                                      format_func=GROUP_TYPES.get)
        codes = sorted(available.loc[available["group_type"] == group_type, "group_code"].dropna().unique())
        group_code = right.selectbox("Which", codes)
        chosen = available[(available["group_type"] == group_type) & (available["group_code"] == group_code)].copy()
        chosen["percent"] = 100 * chosen["share"]
        chosen["exit month"] = pd.to_datetime(chosen["exit_month"]).dt.strftime("%Y-%m")
        st.caption(f"Share of each month's exits by status at the end of the sixth month after; cells under "
                   f"{MIN_CELL_COUNT} persons withheld (blank).")
        chart = alt.Chart(chosen.dropna(subset=["percent"])).mark_bar().encode(
            x=alt.X("exit month:O", title="exit month"),
            y=alt.Y("percent:Q", title="percent of exits", stack="zero"),
            color=alt.Color("six_month_status:N", sort=SIX_MONTH_STATUSES, title="six months after"),
            tooltip=["exit month", "six_month_status", alt.Tooltip("percent:Q", format=".1f"), "n_persons"])
        st.altair_chart(chart, width="stretch")
        table = chosen.pivot_table(index="exit month", columns="six_month_status", values="percent", aggfunc="first")
        table = table.reindex(columns=[s for s in SIX_MONTH_STATUSES if s in table.columns])
        exits = chosen.groupby("exit month")["n_exits"].first().rename("exits")
        st.dataframe(table.join(exits).reset_index(), hide_index=True, width="stretch",
                     column_config={s: st.column_config.NumberColumn(format="%.1f") for s in SIX_MONTH_STATUSES})

        st.subheader("In work six months after, by size of the follow-up office")
        by_size = available[(available["group_type"] == "office_size_class")
                            & available["six_month_status"].isin(["employee_only", "employee_with_benefit"])]
        in_work = (by_size.groupby(["exit_month", "group_code"])["share"].sum(min_count=2) * 100).rename("percent in work")
        in_work = in_work.reset_index().rename(columns={"group_code": "office size"})
        in_work["exit month"] = pd.to_datetime(in_work["exit_month"]).dt.strftime("%Y-%m")
        st.altair_chart(alt.Chart(in_work.dropna()).mark_line(point=True).encode(
            x=alt.X("exit month:O"), y=alt.Y("percent in work:Q"),
            color=alt.Color("office size:N", sort=["small", "medium", "large", "unknown"])), width="stretch")
        st.caption("Employee only or employee with benefit (AA-register) at the end of the sixth month; "
                   "a month is blank where either cell is withheld.")

with survey_tab:
    if outcomes.empty:
        st.info("No follow-up survey loaded yet.")
    else:
        wave = st.selectbox("Survey wave", sorted(outcomes["survey_wave"].unique(), reverse=True))
        wave_outcomes = outcomes[outcomes["survey_wave"] == wave]
        keys = (wave_outcomes[["outcome", "statistic", "category"]].drop_duplicates()
                .sort_values(["outcome", "category"]))
        keys["description"] = keys.apply(
            lambda r: f"{r['outcome']}" + (f" = {r['category']}" if r["category"] else "")
            + (" (mean)" if r["statistic"] == "mean" else " (share)"), axis=1)
        default = keys.index[keys["description"].str.startswith("in_ordinary_work_flag")]
        description = st.selectbox("Outcome", keys["description"].tolist(),
                                   index=keys.index.get_loc(default[0]) if len(default) else 0)
        key = keys[keys["description"] == description].iloc[0]
        selected = wave_outcomes[(wave_outcomes["outcome"] == key["outcome"])
                                 & (wave_outcomes["statistic"] == key["statistic"])
                                 & (wave_outcomes["category"] == key["category"])]
        breakdowns = [b for b in ["all", "gender", "age_band", "youth_flag", "education_group", "birth_region",
                                  "measure_last_6_months_flag", "long_term_job_seeker_flag", "work_time_class",
                                  "employment_type", "in_ordinary_work_flag"] if b in set(selected["breakdown"])]
        breakdown = st.selectbox("By", breakdowns)
        shown = selected[selected["breakdown"] == breakdown].copy()
        scale = 100.0 if key["statistic"] == "share" else 1.0
        value = "percent" if key["statistic"] == "share" else "mean"
        shown[value] = shown["estimate"] * scale
        shown["95% low"] = shown["ci_low"] * scale
        shown["95% high"] = shown["ci_high"] * scale
        shown["exit group"] = shown["exit_group"].map(EXIT_GROUPS)
        # a share resting on 1-4 persons with (or without) the outcome is withheld here too
        with_outcome = shown["n_with_outcome"].astype("float64")
        small = ((with_outcome.between(1, MIN_CELL_COUNT - 1))
                 | ((shown["n_unweighted"] - with_outcome).between(1, MIN_CELL_COUNT - 1)))
        shown["suppressed_flag"] = shown["suppressed_flag"] | small.fillna(False)
        for column in (value, "95% low", "95% high"):
            shown[column] = shown[column].where(~shown["suppressed_flag"])
        shown["n"] = shown["n_unweighted"].where(shown["n_unweighted"] >= MIN_CELL_COUNT)
        shown["category"] = shown["breakdown_category"].replace("", "all")
        table = shown[["exit group", "category", value, "95% low", "95% high", "n", "suppressed_flag"]].rename(
            columns={"suppressed_flag": f"withheld (< {MIN_CELL_COUNT})"})
        st.dataframe(table, hide_index=True, width="stretch",
                     column_config={c: st.column_config.NumberColumn(format="%.1f") for c in [value, "95% low", "95% high"]})
        plotted = table.dropna(subset=[value])
        points = alt.Chart(plotted).mark_point(filled=True, size=70).encode(
            y=alt.Y("category:N", title=None), x=alt.X(f"{value}:Q"), color="exit group:N",
            yOffset="exit group:N")
        bars = alt.Chart(plotted).mark_rule().encode(
            y=alt.Y("category:N"), x="95% low:Q", x2="95% high:Q", color="exit group:N", yOffset="exit group:N")
        st.altair_chart(bars + points, width="stretch")
        st.caption("Weighted to the sample frame: by exit group with the gender x age band weight (all respondents "
                   "post-stratified to the frame's gender x age cells), pooled with that weight raked to the frame's "
                   "exit-group totals too; linearised standard errors on the stratified design; logit intervals "
                   "for shares.")

COMPARISON_LABELS = {
    "survey_ordinary_work": "In ordinary work (survey: Q2 yes, not trainee / NAV measure)",
    "register_employed_end_of_june": "Employed in the AA-register, end of June 2014",
    "survey_self_employed_only": "Self-employed only (survey: Q3, in ordinary work)",
    "register_employed_plus_self_employed": "AA-register plus survey self-employed (as the report adds them)",
    "disability_pension_survey": "Disability pension (survey, Q8)",
    "disability_pension_register": "Disability pension (register, end of June 2014)",
    "disability_pension_both": "Disability pension in both",
    "disability_pension_survey_yes_register_no": "Disability pension: survey yes, register no",
    "disability_pension_survey_no_register_yes": "Disability pension: survey no, register yes",
}

with compare_tab:
    st.caption("Respondents of the follow-up survey, unweighted, against NAV's registers in June 2014 "
               "(as the report compares them, AFI r2014:14 section 13.2).")
    if comparison.empty:
        st.info("No follow-up survey loaded yet.")
    else:
        latest = comparison[comparison["survey_wave"] == comparison["survey_wave"].max()].sort_values("measure_order")
        counts = dict(zip(latest["measure"], latest["person_count"]))
        # The disability-pension cross-classification: its margins (survey, register) and its three
        # inner cells; one inner cell under 5 would follow from the margins and the others, so
        # then all three are withheld and only the margins shown.
        inner = ["disability_pension_both", "disability_pension_survey_yes_register_no",
                 "disability_pension_survey_no_register_yes"]
        inner_withheld = any(counts.get(m, 0) < MIN_CELL_COUNT for m in inner)
        withheld = latest["measure"].isin(inner) & inner_withheld | (latest["person_count"] < MIN_CELL_COUNT)
        shown = pd.DataFrame({
            "measure": latest["measure"].map(COMPARISON_LABELS).fillna(latest["measure"]),
            "persons": latest["person_count"].where(~withheld),
            "percent of respondents": (100.0 * latest["person_count"] / latest["base_count"]).where(~withheld),
            f"withheld (< {MIN_CELL_COUNT})": withheld,
        })
        st.dataframe(shown, hide_index=True, width="stretch",
                     column_config={"percent of respondents": st.column_config.NumberColumn(format="%.1f")})
        if inner_withheld:
            st.caption("Survey and register disagree on disability pension for fewer than 5 persons in one "
                       "direction, so who agrees and who disagrees is withheld; the two totals are shown.")
