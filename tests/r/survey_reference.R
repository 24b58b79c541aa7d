# Reference estimates from R's survey package for tests/python/test_stats.py, test_weights.py,
# test_followup_analysis.py and test_survey_models.py.
# Run with `make r-golden` (needs Debian's r-base-core and r-cran-survey); writes tests/r/golden/.
# `Rscript tests/r/survey_reference.R OUT_DIR` (or SURVEY_GOLDEN_DIR=OUT_DIR) writes the same files
# to OUT_DIR instead (tests/python/test_r_reference.py compares them with the committed ones).
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "certainty")
here <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))
args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) >= 1) args[[1]] else Sys.getenv("SURVEY_GOLDEN_DIR", file.path(here, "golden"))
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
d <- read.csv(file.path(here, "survey_fixture.csv"), colClasses = c(stratum = "character"))
design <- svydesign(ids = ~1, strata = ~stratum, weights = ~weight, data = d)

rows <- list()
add <- function(name, domain, stat, est, se, low, high, df, t = NA, p = NA) {
  rows[[length(rows) + 1]] <<- data.frame(name = name, domain = domain, statistic = stat,
    estimate = est, standard_error = se, ci_low = low, ci_high = high, degf = df, t_statistic = t, p_value = p)
}
for (domain in c("all", "group", "rest")) {
  sub <- switch(domain, all = design, group = subset(design, in_group == 1), rest = subset(design, in_group == 0))
  m <- svymean(~scale, subset(sub, !is.na(scale)))
  ci <- confint(m)
  add("scale", domain, "mean", coef(m)[[1]], SE(m)[[1]], ci[1, 1], ci[1, 2], NA)
  fsub <- subset(sub, !is.na(flag))
  p <- svyciprop(~I(flag == 1), fsub, method = "logit")
  add("flag", domain, "share", coef(p)[[1]], SE(p)[[1]], attr(p, "ci")[[1]], attr(p, "ci")[[2]], degf(fsub))
  q <- svyquantile(~scale, subset(sub, !is.na(scale)), quantiles = 0.5, qrule = "hf1", ci = FALSE)
  add("scale", domain, "median", coef(q)[[1]], NA, NA, NA, NA)
}
# group minus rest: the contrast of the two domain means, and svyttest's t-test
for (name in c("scale", "flag")) {
  sub <- subset(design, !is.na(d[[name]]))
  b <- svyby(as.formula(paste0("~", name)), ~in_group, sub, svymean, covmat = TRUE)
  ct <- svycontrast(b, c(-1, 1))
  tt <- svyttest(as.formula(paste0(name, " ~ in_group")), sub)
  add(name, "group_minus_rest", "difference", coef(ct)[[1]], SE(ct)[[1]], NA, NA, tt$parameter[[1]],
      tt$statistic[[1]], tt$p.value[[1]])
}
out <- do.call(rbind, rows)
write.csv(out, file.path(out_dir, "estimates.csv"), row.names = FALSE)
cat(sprintf("R %s, survey %s: wrote %d reference estimates\n", getRversion(), packageVersion("survey"), nrow(out)))

# ---- Weights (tests/python/test_weights.py): post-stratification and raking of the fixture's
# base weights to tests/r/weights_population.csv (gender x age_band totals), then estimates on
# (a) the calibrated design R returns (SE from the residuals of the calibration) and (b) a design
# with the final weights taken as fixed (what nav_placement.stats.SurveyDesign computes).
pop <- read.csv(file.path(here, "weights_population.csv"))
names(pop)[names(pop) == "total"] <- "Freq"
ps <- postStratify(design, ~gender + age_band, pop)
pop_gender <- aggregate(Freq ~ gender, pop, sum)
pop_age <- aggregate(Freq ~ age_band, pop, sum)
rk <- rake(design, list(~gender, ~age_band), list(pop_gender, pop_age), control = list(maxit = 1000, epsilon = 1e-12))
w <- data.frame(row = seq_len(nrow(d)), w_poststratified = weights(ps), w_raked = weights(rk))
write.csv(w, file.path(out_dir, "weights.csv"), row.names = FALSE)

wrows <- list()
wadd <- function(method, name, domain, stat, est, se_cal, se_fixed, low, high) {
  wrows[[length(wrows) + 1]] <<- data.frame(method = method, name = name, domain = domain, statistic = stat,
    estimate = est, se_calibrated = se_cal, se_fixed_weights = se_fixed, ci_low = low, ci_high = high)
}
for (method in c("poststratify", "rake")) {
  calibrated <- if (method == "poststratify") ps else rk
  d$w_final <- weights(calibrated)
  fixed <- svydesign(ids = ~1, strata = ~stratum, weights = ~w_final, data = d)
  for (domain in c("all", "group")) {
    pick <- function(des) if (domain == "all") des else subset(des, in_group == 1)
    mc <- svymean(~scale, subset(pick(calibrated), !is.na(scale)), na.rm = TRUE)
    mf <- svymean(~scale, subset(pick(fixed), !is.na(scale)))
    ci <- confint(mf)
    wadd(method, "scale", domain, "mean", coef(mf)[[1]], SE(mc)[[1]], SE(mf)[[1]], ci[1, 1], ci[1, 2])
    pc <- svymean(~flag, subset(pick(calibrated), !is.na(flag)), na.rm = TRUE)  # the SE svyciprop reports
    pf <- svyciprop(~I(flag == 1), subset(pick(fixed), !is.na(flag)), method = "logit")
    wadd(method, "flag", domain, "share", coef(pf)[[1]], SE(pc)[[1]], SE(pf)[[1]], attr(pf, "ci")[[1]], attr(pf, "ci")[[2]])
  }
}
wout <- do.call(rbind, wrows)
write.csv(wout, file.path(out_dir, "weighted_estimates.csv"), row.names = FALSE)

# ---- Follow-up survey (tests/python/test_followup_analysis.py; weights as
# nav_placement.analysis.followup_outcomes.compute_weights): weight 1 (w_gender_age) = all
# respondents post-stratified to the frame's counts of gender x age band, pooled over the exit
# groups (the fixture has no empty cell, so nothing is collapsed); weight 2 (w_exit_status) =
# raked to the same gender x age cells and the frame's exit-group totals (exit group = stratum:
# ARBS job_seeker, NEDS reduced_work_capacity). Estimates by exit group use weight 1, pooled ones
# weight 2, each a domain of the full design (strata = stratum): point estimates and SEs on a
# design with the final weights taken as fixed (standard_error, ci_low, ci_high), and from the
# calibrated design R returns (postStratify for weight 1, rake for weight 2: se_calibrated,
# ci_low_calibrated, ci_high_calibrated; svyciprop logit for shares, confint(svymean) for means),
# which is what the Python step computes (SurveyDesign(poststrata = cell) / rake_margins). Rows
# with statistic "difference": women minus men (svycontrast of svyby(covmat = TRUE)) in the exit
# group, on the fixed-weights and on the calibrated design.
f <- read.csv(file.path(here, "followup_fixture.csv"), stringsAsFactors = FALSE)
frame_cells <- as.data.frame(table(gender_code = f$gender_code, age_band = f$age_band))
r <- f[f$answered == 1, ]
r$one <- 1
r$cell <- paste(r$gender_code, r$age_band, sep = ":")
fdesign <- svydesign(ids = ~1, strata = ~stratum, weights = ~one, data = r)
fps <- postStratify(fdesign, ~gender_code + age_band, frame_cells)
cell_totals <- data.frame(cell = paste(frame_cells$gender_code, frame_cells$age_band, sep = ":"), Freq = frame_cells$Freq)
stratum_totals <- as.data.frame(table(stratum = f$stratum))
frk <- withCallingHandlers(
  rake(fdesign, list(~cell, ~stratum), list(cell_totals, stratum_totals), control = list(epsilon = 1e-12, maxit = 1000)),
  warning = function(w) stop("follow-up raking: ", conditionMessage(w)))
r$w_gender_age <- weights(fps)
r$w_exit_status <- weights(frk)
write.csv(r[, c("survey_serial", "w_gender_age", "w_exit_status")], file.path(out_dir, "followup_weights.csv"),
          row.names = FALSE)
fixed <- list(w_gender_age = svydesign(ids = ~1, strata = ~stratum, weights = ~w_gender_age, data = r),
              w_exit_status = svydesign(ids = ~1, strata = ~stratum, weights = ~w_exit_status, data = r))
calibrated <- list(w_gender_age = fps, w_exit_status = frk)
frows <- list()
fadd <- function(outcome, stat, group, breakdown, category, est, se_fixed, se_cal, low, high, n, weight, cal_low,
                 cal_high) {
  frows[[length(frows) + 1]] <<- data.frame(outcome = outcome, statistic = stat, exit_group = group,
    breakdown = breakdown, breakdown_category = category, estimate = est, standard_error = se_fixed,
    se_calibrated = se_cal, ci_low = low, ci_high = high, n_unweighted = n, weight_name = weight,
    ci_low_calibrated = cal_low, ci_high_calibrated = cal_high)
}
groups <- list(job_seeker = "ARBS", reduced_work_capacity = "NEDS", all = c("ARBS", "NEDS"))
for (group in names(groups)) {
  weight <- if (group == "all") "w_exit_status" else "w_gender_age"
  ffixed <- fixed[[weight]]
  fcal <- calibrated[[weight]]
  for (gender in c("", "K", "M")) {
    keep <- function(des) {
      v <- des$variables
      des[v$stratum %in% groups[[group]] & (gender == "" | v$gender_code == gender), ]
    }
    inside <- r$stratum %in% groups[[group]] & (gender == "" | r$gender_code == gender)
    pf <- svyciprop(~I(in_ordinary_work_flag == 1), keep(ffixed), method = "logit")
    pc <- svymean(~in_ordinary_work_flag, keep(fcal))
    pci <- svyciprop(~I(in_ordinary_work_flag == 1), keep(fcal), method = "logit")
    fadd("in_ordinary_work_flag", "share", group, if (gender == "") "all" else "gender", gender,
         coef(pf)[[1]], SE(pf)[[1]], SE(pc)[[1]], attr(pf, "ci")[[1]], attr(pf, "ci")[[2]], sum(inside), weight,
         attr(pci, "ci")[[1]], attr(pci, "ci")[[2]])
    sel <- function(des) subset(keep(des), !is.na(jobs_applied_midpoint))
    mf <- svymean(~jobs_applied_midpoint, sel(ffixed))
    mc <- svymean(~jobs_applied_midpoint, sel(fcal), na.rm = TRUE)
    ci <- confint(mf)
    cic <- confint(mc)
    fadd("jobs_applied_midpoint", "mean", group, if (gender == "") "all" else "gender", gender,
         coef(mf)[[1]], SE(mf)[[1]], SE(mc)[[1]], ci[1, 1], ci[1, 2], sum(inside & !is.na(r$jobs_applied_midpoint)), weight,
         cic[1, 1], cic[1, 2])
  }
  # women minus men within the exit group (a domain difference on the full design)
  for (outcome in c("in_ordinary_work_flag", "jobs_applied_midpoint")) {
    inside <- r$stratum %in% groups[[group]] & !is.na(r[[outcome]])
    # svyby(covmat = TRUE) fails on a calibrated design (survey 4.1.1: the influence functions are
    # not zero outside the domain); the gaussian svyglm y ~ gender_code on the domain has the same
    # estimate (its gender_codeM coefficient is men minus women) and the same linearised SE
    diff <- function(des) {
      g <- svyglm(as.formula(paste(outcome, "~ gender_code")), design = des[des$variables$stratum %in% groups[[group]], ])
      c(-coef(g)[["gender_codeM"]], SE(g)[["gender_codeM"]])
    }
    check <- svycontrast(svyby(as.formula(paste0("~", outcome)), ~gender_code,
                               subset(ffixed, stratum %in% groups[[group]] & !is.na(ffixed$variables[[outcome]])),
                               svymean, covmat = TRUE), c(1, -1))
    df <- diff(ffixed)
    dc <- diff(fcal)
    if (abs(df[[1]] - coef(check)[[1]]) > 1e-10 || abs(df[[2]] / SE(check)[[1]] - 1) > 1e-10) stop("svyglm contrast")
    df <- list(est = df[[1]], se = df[[2]])
    dc <- list(est = dc[[1]], se = dc[[2]])
    z <- qnorm(0.975)
    fadd(outcome, "difference", group, "gender", "K_minus_M", df$est, df$se, dc$se, df$est - z * df$se,
         df$est + z * df$se, sum(inside), weight, dc$est - z * dc$se, dc$est + z * dc$se)
  }
}
fout <- do.call(rbind, frows)
write.csv(fout, file.path(out_dir, "followup_estimates.csv"), row.names = FALSE)
cat(sprintf("wrote %d weighted estimates, %d follow-up estimates and the weights\n", nrow(wout), nrow(fout)))

# ---- Clustered design with a finite population correction (tests/python/test_stats.py): the
# office fixture (tests/r/make_office_fixture.py), 247 of 445 offices (PSUs) in 5 regions
# (strata), N = offices in the region. Means, shares (logit interval), domain estimates on the
# full design and the group-minus-rest difference, on the design with fpc and on the same design
# without it; and means/shares after post-stratifying to tests/r/office_population.csv (gender).
o <- read.csv(file.path(here, "office_fixture.csv"), stringsAsFactors = FALSE)
odesigns <- list(
  clustered_fpc = svydesign(ids = ~office, strata = ~region, fpc = ~N, weights = ~weight, data = o),
  clustered = svydesign(ids = ~office, strata = ~region, weights = ~weight, data = o))
opop <- read.csv(file.path(here, "office_population.csv"), stringsAsFactors = FALSE)
names(opop)[names(opop) == "total"] <- "Freq"
orows <- list()
oadd <- function(des, name, domain, stat, est, se, low, high, df, t = NA, p = NA) {
  orows[[length(orows) + 1]] <<- data.frame(design = des, name = name, domain = domain, statistic = stat,
    estimate = est, standard_error = se, ci_low = low, ci_high = high, degf = df, t_statistic = t, p_value = p)
}
for (dname in names(odesigns)) {
  od <- odesigns[[dname]]
  ops <- postStratify(od, ~gender, opop)
  for (domain in c("all", "group", "rest")) {
    pick <- function(des) switch(domain, all = des, group = subset(des, in_group == 1), rest = subset(des, in_group == 0))
    hsub <- subset(pick(od), !is.na(hours))
    m <- svymean(~hours, hsub)
    ci <- confint(m)
    oadd(dname, "hours", domain, "mean", coef(m)[[1]], SE(m)[[1]], ci[1, 1], ci[1, 2], degf(hsub))
    psub <- subset(pick(od), !is.na(placed))
    p <- svyciprop(~I(placed == 1), psub, method = "logit")
    oadd(dname, "placed", domain, "share", coef(p)[[1]], SE(p)[[1]], attr(p, "ci")[[1]], attr(p, "ci")[[2]], degf(psub))
    if (domain != "rest") {
      mp <- svymean(~hours, subset(pick(ops), !is.na(hours)), na.rm = TRUE)
      oadd(dname, "hours", domain, "mean_poststratified", coef(mp)[[1]], SE(mp)[[1]], NA, NA, NA)
      pp <- svymean(~placed, subset(pick(ops), !is.na(placed)), na.rm = TRUE)
      oadd(dname, "placed", domain, "share_poststratified", coef(pp)[[1]], SE(pp)[[1]], NA, NA, NA)
    }
  }
  for (name in c("hours", "placed")) {
    sub <- subset(od, !is.na(o[[name]]))
    b <- svyby(as.formula(paste0("~", name)), ~in_group, sub, svymean, covmat = TRUE)
    ct <- svycontrast(b, c(-1, 1))
    tt <- svyttest(as.formula(paste0(name, " ~ in_group")), sub)
    oadd(dname, name, "group_minus_rest", "difference", coef(ct)[[1]], SE(ct)[[1]], NA, NA, tt$parameter[[1]],
         tt$statistic[[1]], tt$p.value[[1]])
  }
}
oout <- do.call(rbind, orows)
write.csv(oout, file.path(out_dir, "office_estimates.csv"), row.names = FALSE)

# ---- Logistic models (tests/python/test_survey_models.py): svyglm with quasibinomial() (the
# binomial fit with the weights normalised to mean 1; coefficients as binomial()), run to full
# convergence: glm.control(epsilon = 1e-12), then once more from the converged coefficients
# (start = coef), because glm's working weights, which svyglm's sandwich uses, are those of the
# iteration before the last; with R's defaults the coefficients differ by ~1e-11 and the
# standard errors by up to ~1e-7 relative from these fully converged ones on these data.
# coefficients: estimate, SE (sqrt(diag(vcov))), t, p (summary.svyglm: t with df.residual),
# confint (Wald, t quantile with df.residual); models: n, weighted n, df.residual, degf, deviance.
# Term names as R prints them, "(Intercept)" written as "const". n: the rows with a positive weight
# (a subset of a calibrated design keeps the rows outside the domain with weight 0).
s <- read.csv(file.path(here, "survey_fixture.csv"), colClasses = c(stratum = "character"), stringsAsFactors = FALSE)
s_releveled <- s
s_releveled$age_band <- relevel(factor(s$age_band), ref = "30_49")
s_releveled$gender <- relevel(factor(s$gender), ref = "M")
o_releveled <- o
o_releveled$size_band <- relevel(factor(o$size_band), ref = "medium")
models <- list(
  full_relevel = list(flag ~ age_band + gender + scale,
                      svydesign(ids = ~1, strata = ~stratum, weights = ~weight, data = s_releveled)),
  group_domain = list(flag ~ gender + age_band + scale,
                      subset(svydesign(ids = ~1, strata = ~stratum, weights = ~weight, data = s), in_group == 1)),
  office_fpc = list(placed ~ gender + size_band + age + in_group,
                    svydesign(ids = ~office, strata = ~region, fpc = ~N, weights = ~weight, data = o_releveled)),
  office_group_domain = list(placed ~ gender + size_band + age,
                             subset(svydesign(ids = ~office, strata = ~region, fpc = ~N, weights = ~weight, data = o),
                                    in_group == 1)),
  # the follow-up fixture's calibrated designs (fps: postStratify to gender x age band, weight 1;
  # frk: rake to the cells and the strata, weight 2; see above): svy.varcoef's svyrecvar takes the
  # residuals of the scores within the post-strata / raking margins
  followup_poststratified_job_seeker = list(in_ordinary_work_flag ~ gender_code + age_band, subset(fps, stratum == "ARBS")),
  followup_poststratified_missing = list(in_ordinary_work_flag ~ gender_code + jobs_applied_midpoint, fps),
  followup_raked_pooled = list(in_ordinary_work_flag ~ gender_code + age_band + stratum, frk))
crows <- list()
mrows <- list()
for (mname in names(models)) {
  first <- svyglm(models[[mname]][[1]], design = models[[mname]][[2]], family = quasibinomial(),
                  control = glm.control(epsilon = 1e-12, maxit = 100))
  g <- svyglm(models[[mname]][[1]], design = models[[mname]][[2]], family = quasibinomial(), start = coef(first),
              control = glm.control(epsilon = 1e-12, maxit = 100))
  if (!first$converged || !g$converged) stop("svyglm did not converge: ", mname)
  co <- summary(g)$coefficients
  ci <- confint(g)
  terms <- sub("(Intercept)", "const", rownames(co), fixed = TRUE)
  crows[[mname]] <- data.frame(model = mname, term = terms, estimate = co[, 1], standard_error = co[, 2],
                               t_value = co[, 3], p_value = co[, 4], ci_low = ci[, 1], ci_high = ci[, 2])
  mrows[[mname]] <- data.frame(model = mname, n = sum(g$prior.weights > 0), weighted_n = sum(weights(g$survey.design)),
                               df_residual = g$df.residual, degf = degf(g$survey.design), deviance = deviance(g),
                               iterations = first$iter)
}
cout <- do.call(rbind, crows)
write.csv(cout, file.path(out_dir, "logit_coefficients.csv"), row.names = FALSE)
mout <- do.call(rbind, mrows)
write.csv(mout, file.path(out_dir, "logit_models.csv"), row.names = FALSE)
cat(sprintf("wrote %d clustered-design estimates and %d coefficients of %d logistic models\n", nrow(oout), nrow(cout),
            nrow(mout)))
