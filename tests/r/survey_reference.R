# Reference estimates from R's survey package for tests/python/test_stats.py.
# Run with `make r-golden` (needs Debian's r-base-core and r-cran-survey); writes tests/r/golden/.
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "certainty")
here <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))
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
write.csv(out, file.path(here, "golden", "estimates.csv"), row.names = FALSE)
cat(sprintf("R %s, survey %s: wrote %d reference estimates\n", getRversion(), packageVersion("survey"), nrow(out)))
