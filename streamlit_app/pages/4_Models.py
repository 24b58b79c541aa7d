"""Models (Part 3): the report's logistic regressions of the follow-up survey (M1-M19), fitted on
the marts by the analysis step. Per model: a forest plot of the odds ratios with 95% intervals, the
terms, the fit, and the effects the report describes beside them. Only the model tables are read
(analysis.followup_models, analysis.followup_model_fit); no person-level data."""

import altair as alt
import duckdb
import pandas as pd
import streamlit as st

from nav_placement.serving import query

st.set_page_config(page_title="Models - nav-placement", layout="wide")
st.title("Models: what goes with the outcomes, all else equal")
st.caption("The follow-up survey's logistic regressions as AFI r2014:14 describes them (Part 3, M1-M19): "
           "survey-weighted, linearised standard errors on the stratified design, each model's sample a domain "
           "of the full design.")

try:
    fits = query("select * from analysis.followup_model_fit order by survey_wave desc, model_order")
    terms = query("select survey_wave, model, term, term_label, reference_category, odds_ratio, or_ci_low, "
                  "or_ci_high, p_value, significant_5pct, n_category, term_order from analysis.followup_models")
except FileNotFoundError as missing:
    st.error(str(missing))
    st.stop()
except duckdb.CatalogException:
    st.info("The serving copy has no model tables yet (analysis.followup_models): run `nav-placement run`.")
    st.stop()

if fits.empty:
    st.info("No follow-up survey loaded yet.")
    st.stop()

left, right = st.columns([1, 3])
wave = left.selectbox("Survey wave", sorted(fits["survey_wave"].unique(), reverse=True))
wave_fits = fits[fits["survey_wave"] == wave].reset_index(drop=True)
labels = {row.model: f"{row.model}: {row.model_label}" for row in wave_fits.itertuples()}
model = right.selectbox("Model", list(labels), format_func=labels.get)
fit = wave_fits[wave_fits["model"] == model].iloc[0]
chosen = (terms[(terms["survey_wave"] == wave) & (terms["model"] == model)]
          .sort_values("term_order").reset_index(drop=True))
effects = chosen[chosen["term"] != "const"].copy()

plot_column, facts_column = st.columns([3, 2])
with plot_column:
    st.subheader("Odds ratios with 95% intervals")
    if effects.empty:
        st.info(fit["note"] or "This model has no estimates.")
    else:
        effects["95% low"], effects["95% high"] = effects["or_ci_low"], effects["or_ci_high"]
        effects["significant"] = effects["significant_5pct"].map({True: "p < 0.05", False: "not significant"})
        order = effects["term_label"].tolist()
        low = min(effects["or_ci_low"].min(), 1.0) / 1.2
        high = max(effects["or_ci_high"].max(), 1.0) * 1.2
        x_scale = alt.Scale(type="log", domain=[low, high])
        base = alt.Chart(effects).encode(y=alt.Y("term_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)))
        bars = base.mark_rule(strokeWidth=2).encode(
            x=alt.X("95% low:Q", scale=x_scale, title="odds ratio (log scale)"), x2="95% high:Q",
            color=alt.Color("significant:N", scale=alt.Scale(domain=["p < 0.05", "not significant"],
                                                             range=["#1f77b4", "#9e9e9e"]), title=None,
                            legend=alt.Legend(orient="bottom")))
        points = base.mark_point(filled=True, size=80).encode(
            x=alt.X("odds_ratio:Q", scale=x_scale), color=alt.Color("significant:N", legend=None),
            tooltip=["term_label", "reference_category", alt.Tooltip("odds_ratio:Q", format=".2f"),
                     alt.Tooltip("95% low:Q", format=".2f"), alt.Tooltip("95% high:Q", format=".2f"),
                     alt.Tooltip("p_value:Q", format=".3f"), "n_category"])
        one = alt.Chart(pd.DataFrame({"odds_ratio": [1.0]})).mark_rule(strokeDash=[4, 4], color="black").encode(
            x=alt.X("odds_ratio:Q", scale=x_scale))
        st.altair_chart((bars + points + one).properties(height=max(180, 26 * len(effects))), width="stretch")
        st.caption("Left of the dashed line at 1: lower odds of the outcome than the reference category, all else "
                   "in the model equal; right: higher. Blue: significant at 5%.")

with facts_column:
    st.subheader("The fit")
    first, second = st.columns(2)
    first.metric("n (respondents)", f"{int(fit['n']):,}".replace(",", " "))
    second.metric("weighted n", "-" if pd.isna(fit["weighted_n"]) else f"{fit['weighted_n']:,.0f}".replace(",", " "))
    first.metric("residual df", "-" if pd.isna(fit["df_residual"]) else f"{fit['df_residual']:.0f}")
    second.metric("deviance", "-" if pd.isna(fit["deviance"]) else f"{fit['deviance']:,.1f}".replace(",", " "))
    st.write(f"Outcome `{fit['outcome']}`: {int(fit['events'])} of {int(fit['n'])} with outcome 1. "
             f"Sample: {fit['sample']}. Weight `{fit['weight_name']}`. Covariates: {fit['covariates']}."
             + ("" if fit["converged"] else " **The fit did not converge.**"))
    if fit["note"]:
        st.warning(fit["note"])
    if fit["merged_categories"]:
        st.markdown("**Merged categories**\n\n" + "\n".join(f"- {m}" for m in fit["merged_categories"].split("; ")))
    st.subheader("What the report says")
    st.info(fit["reported_effects"])
    st.caption("AFI r2014:14 prints no model tables: its effects are described in prose only (+ significantly "
               "higher, - significantly lower, ns not significant, at 5%).")

st.subheader("Terms")
table = pd.DataFrame({
    "term": chosen["term_label"], "reference": chosen["reference_category"],
    "odds ratio": chosen["odds_ratio"], "95% low": chosen["or_ci_low"], "95% high": chosen["or_ci_high"],
    "p": chosen["p_value"], "n": chosen["n_category"],
})
st.dataframe(table, hide_index=True, width="stretch", column_config={
    "odds ratio": st.column_config.NumberColumn(format="%.2f"),
    "95% low": st.column_config.NumberColumn(format="%.2f"),
    "95% high": st.column_config.NumberColumn(format="%.2f"),
    "p": st.column_config.NumberColumn(format="%.4f"),
    "n": st.column_config.NumberColumn(help="respondents of the model's sample in the category (intercept: all)"),
})
