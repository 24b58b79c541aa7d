{#
    Helpers for Part 3, the follow-up survey (Oppfølgingsundersøkelsen, docs/DESIGN.md "Part 3: the
    follow-up survey"). All return SQL expressions or Jinja data; none knows a published number.
#}

{#
    The questionnaire's item columns of the answers delivery, in questionnaire order:
    (raw column = delivered header, staged column name, item kind), as seeds/codes/followup_items.csv
    lists them (item_code, column_name, item_kind). Staging selects raw columns by name, so the list
    lives here; tests/followup/assert_followup_items_match_seed.sql keeps it equal to the seed.
    Kinds: single (a code), multi (a box: 1 ticked, empty not), hours (Q4), scale6 (Q10, Q11, Q12B:
    1-6, 7 vet ikke, 8 ikke aktuelt), scale6_na (Q6: 1-6, 7 ikke aktuelt), date_part (Q15).
#}
{% macro followup_items() -%}
    {{ return([
        ('q01', 'q01_education_level', 'single'),
        ('q02', 'q02_currently_in_job', 'single'),
        ('q03', 'q03_job_situation', 'single'),
        ('q04', 'q04_hours_per_week', 'hours'),
        ('q05', 'q05_employment_type', 'single'),
        ('q06a', 'q06a_relevance_education', 'scale6_na'),
        ('q06b', 'q06b_relevance_work_experience', 'scale6_na'),
        ('q06c', 'q06c_relevance_job_wish', 'scale6_na'),
        ('q07_01', 'q07_01_jobseeker_unemployed_laidoff', 'multi'),
        ('q07_02', 'q07_02_home_care_duties', 'multi'),
        ('q07_03', 'q07_03_home_other_reasons', 'multi'),
        ('q07_04', 'q07_04_supported_by_family', 'multi'),
        ('q07_05', 'q07_05_apprentice_trainee', 'multi'),
        ('q07_06', 'q07_06_education_selffinanced', 'multi'),
        ('q07_07', 'q07_07_education_nav', 'multi'),
        ('q07_08', 'q07_08_work_practice_nav', 'multi'),
        ('q07_09', 'q07_09_wage_subsidy_nav', 'multi'),
        ('q07_10', 'q07_10_other_measure_nav', 'multi'),
        ('q07_11', 'q07_11_longterm_sick', 'multi'),
        ('q07_12', 'q07_12_military_civil_service', 'multi'),
        ('q07_13', 'q07_13_not_applicable', 'multi'),
        ('q08_01', 'q08_01_disability_pension', 'multi'),
        ('q08_02', 'q08_02_old_age_pension_afp', 'multi'),
        ('q08_03', 'q08_03_aap', 'multi'),
        ('q08_04', 'q08_04_sickness_benefit', 'multi'),
        ('q08_05', 'q08_05_unemployment_benefit', 'multi'),
        ('q08_06', 'q08_06_individstonad', 'multi'),
        ('q08_07', 'q08_07_qualification_benefit_kvp', 'multi'),
        ('q08_08', 'q08_08_social_assistance', 'multi'),
        ('q08_09', 'q08_09_parental_benefit', 'multi'),
        ('q08_10', 'q08_10_transitional_benefit', 'multi'),
        ('q08_11', 'q08_11_care_benefit', 'multi'),
        ('q08_12', 'q08_12_waiting_benefit', 'multi'),
        ('q08_13', 'q08_13_cash_for_care', 'multi'),
        ('q08_14', 'q08_14_not_applicable', 'multi'),
        ('q09_01', 'q09_01_education_too_low', 'multi'),
        ('q09_02', 'q09_02_wrong_education', 'multi'),
        ('q09_03', 'q09_03_too_little_work_experience', 'multi'),
        ('q09_04', 'q09_04_too_little_relevant_experience', 'multi'),
        ('q09_05', 'q09_05_insufficient_language', 'multi'),
        ('q09_06', 'q09_06_age_too_high', 'multi'),
        ('q09_07', 'q09_07_immigrant_background', 'multi'),
        ('q09_08', 'q09_08_family_care_duties', 'multi'),
        ('q09_09', 'q09_09_commute_or_relocate_challenges', 'multi'),
        ('q09_10', 'q09_10_difficult_labour_market', 'multi'),
        ('q09_11', 'q09_11_health', 'multi'),
        ('q09_12', 'q09_12_lack_of_workplace_adaptation', 'multi'),
        ('q09_13', 'q09_13_personal_challenges', 'multi'),
        ('q09_14', 'q09_14_not_applicable', 'multi'),
        ('q10', 'q10_nav_followup_met_needs', 'scale6'),
        ('q11', 'q11_own_effort_sufficient', 'scale6'),
        ('q12a_01', 'q12a_01_nav_counsellor_help', 'multi'),
        ('q12a_02', 'q12a_02_labour_market_measure', 'multi'),
        ('q12a_03', 'q12a_03_increased_competence', 'multi'),
        ('q12a_04', 'q12a_04_changed_position_sector_industry', 'multi'),
        ('q12a_05', 'q12a_05_started_own_business', 'multi'),
        ('q12a_06', 'q12a_06_took_overqualified_job', 'multi'),
        ('q12a_07', 'q12a_07_moved', 'multi'),
        ('q12a_08', 'q12a_08_nav_no_job_ads', 'multi'),
        ('q12a_09', 'q12a_09_other_job_websites', 'multi'),
        ('q12a_10', 'q12a_10_employer_websites', 'multi'),
        ('q12a_11', 'q12a_11_own_ads_papers_social_media', 'multi'),
        ('q12a_12', 'q12a_12_direct_employer_contact', 'multi'),
        ('q12a_13', 'q12a_13_nav_job_fairs', 'multi'),
        ('q12a_14', 'q12a_14_staffing_agencies', 'multi'),
        ('q12a_15', 'q12a_15_personal_network', 'multi'),
        ('q12a_16', 'q12a_16_none', 'multi'),
        ('q12b_01', 'q12b_01_nav_counsellor_help', 'scale6'),
        ('q12b_02', 'q12b_02_labour_market_measure', 'scale6'),
        ('q12b_03', 'q12b_03_increased_competence', 'scale6'),
        ('q12b_04', 'q12b_04_changed_position_sector_industry', 'scale6'),
        ('q12b_05', 'q12b_05_started_own_business', 'scale6'),
        ('q12b_06', 'q12b_06_took_overqualified_job', 'scale6'),
        ('q12b_07', 'q12b_07_moved', 'scale6'),
        ('q12b_08', 'q12b_08_nav_no_job_ads', 'scale6'),
        ('q12b_09', 'q12b_09_other_job_websites', 'scale6'),
        ('q12b_10', 'q12b_10_employer_websites', 'scale6'),
        ('q12b_11', 'q12b_11_own_ads_papers_social_media', 'scale6'),
        ('q12b_12', 'q12b_12_direct_employer_contact', 'scale6'),
        ('q12b_13', 'q12b_13_nav_job_fairs', 'scale6'),
        ('q12b_14', 'q12b_14_staffing_agencies', 'scale6'),
        ('q12b_15', 'q12b_15_personal_network', 'scale6'),
        ('q13a', 'q13a_jobs_applied_2013_band', 'single'),
        ('q13b', 'q13b_interviews_2013_band', 'single'),
        ('q14_1', 'q14_1_applied_waiting_for_measure', 'multi'),
        ('q14_2', 'q14_2_applied_during_measure', 'multi'),
        ('q14_3', 'q14_3_applied_after_measure', 'multi'),
        ('q14_4', 'q14_4_not_applicable', 'multi'),
        ('q15_dag', 'q15_restart_day', 'date_part'),
        ('q15_mnd', 'q15_restart_month', 'date_part'),
        ('q15_ar', 'q15_restart_year', 'date_part')
    ]) }}
{%- endmacro %}


{# The staged column names of the items of one kind, or of one question prefix (q07_, q12b_). #}
{% macro followup_item_columns(kind=none, prefix=none) -%}
    {%- set columns = [] -%}
    {%- for item_code, column_name, item_kind in followup_items() -%}
        {%- if (kind is none or item_kind == kind) and (prefix is none or item_code.startswith(prefix)) -%}
            {%- do columns.append(column_name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}


{#
    The day the register status "in June 2014" is read on for survey wave `wave_expr` (the report
    validates the answers against the AA register and disability pension in June 2014, part3 1.4):
    30 June of the survey wave.
#}
{% macro followup_register_status_date(wave_expr) -%}
    make_date(cast({{ wave_expr }} as integer), 6, 30)
{%- endmacro %}


{#
    A 1-6 scale answer as a flag: 4-6 true, 1-3 false, anything else (vet ikke, ikke aktuelt,
    empty) null.
#}
{% macro followup_scale_flag(expr) -%}
    case
        when {{ expr }} between 4 and 6 then true
        when {{ expr }} between 1 and 3 then false
    end
{%- endmacro %}


{# A multiple-answer box as a boolean: 1 ticked -> true, empty -> false. #}
{% macro followup_tick(expr) -%}
    coalesce({{ expr }} = 1, false)
{%- endmacro %}


{#
    assert_part3_table_reproduced(table_id)

    Body of the singular test "the marts reproduce published Part 3 table <table_id>": the rows of
    marts.part3_reproduction for the table that are out of tolerance (or have no computed value),
    plus one row when the reproduction holds fewer rows for the table than the reference seed
    (unweighted rows). Empty result = the table is reproduced. A warehouse without the follow-up
    raw tables (the ingest contracts not run yet) has nothing to reproduce: the test returns no
    rows then; once the frame's raw table exists the published numbers must come out.
#}
{% macro assert_part3_table_reproduced(table_id) %}
    {%- set frame_relation = source('followup_frame', 'frame') -%}
    {%- set has_raw = (not execute) or (load_relation(frame_relation) is not none) -%}
    {{ reproduction_failures('part3_reproduction', 'part3_published_figures', table_id,
        ['analysis_sample', 'indicator'], reference_filter='not weighted_flag',
        active='true' if has_raw else 'false') }}
{% endmacro %}
