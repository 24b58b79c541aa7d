# Reference estimates with the finite population correction for tests/python/test_office_intervals.py.
# Run with `Rscript tests/r/office_fpc_reference.R [OUT_DIR]` (Debian's r-base-core and
# r-cran-survey); writes OUT_DIR/office_fpc.csv, by default tests/r/golden/office_fpc.csv.
#
# The design of nav_placement.analysis.office_intervals: the offices answering an item are a
# stratified sample of the register's offices, strata = size class, N = offices of the stratum in
# the register (fpc = ~N), the office the PSU (two answers naming one office are one PSU), so the
# weight of every answer is N_h / n_h with n_h = answering offices of the stratum. A group (county,
# size class) is a domain of that design (subset). The fixture: small N = 12 (6 offices answer y,
# office s03 twice, s05 leaves y empty), medium N = 8 (5 answer, u01 is an answer whose office is
# not in the register and gets its reported size class), large N = 5 (all 5 answer: a census
# stratum, no sampling error). Rows with fpc = FALSE are the same weights without the correction.
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "certainty")
here <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))
d <- read.csv(file.path(here, "office_fpc_fixture.csv"), stringsAsFactors = FALSE)
answered <- d[!is.na(d$y), ]
psus <- unique(answered[, c("office", "stratum")])
answered$n_h <- as.vector(table(psus$stratum)[answered$stratum])
answered$w <- answered$N / answered$n_h

designs <- list(
  "TRUE" = svydesign(ids = ~office, strata = ~stratum, fpc = ~N, data = answered),
  "FALSE" = svydesign(ids = ~office, strata = ~stratum, weights = ~w, data = answered))
stopifnot(isTRUE(all.equal(as.vector(weights(designs[["TRUE"]])), answered$w)))
domains <- list(all = rep(TRUE, nrow(answered)), county_A = answered$county == "A", county_B = answered$county == "B",
                small = answered$stratum == "small", medium = answered$stratum == "medium",
                large = answered$stratum == "large")
rows <- list()
for (fpc in names(designs)) {
  for (domain in names(domains)) {
    sub <- designs[[fpc]][domains[[domain]], ]
    m <- svymean(~y, sub)
    ci <- confint(m)
    rows[[length(rows) + 1]] <- data.frame(fpc = fpc, domain = domain, statistic = "mean",
      estimate = coef(m)[[1]], standard_error = SE(m)[[1]], ci_low = ci[1, 1], ci_high = ci[1, 2], degf = degf(sub))
    p <- svyciprop(~I(y >= 4), sub, method = "logit")
    rows[[length(rows) + 1]] <- data.frame(fpc = fpc, domain = domain, statistic = "share_4_6",
      estimate = coef(p)[[1]], standard_error = SE(p)[[1]], ci_low = attr(p, "ci")[[1]], ci_high = attr(p, "ci")[[2]],
      degf = degf(sub))
  }
}
out <- do.call(rbind, rows)
args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) >= 1) args[1] else file.path(here, "golden")
write.csv(out, file.path(out_dir, "office_fpc.csv"), row.names = FALSE)
cat(sprintf("R %s, survey %s: wrote %d reference estimates to golden/office_fpc.csv\n",
            getRversion(), packageVersion("survey"), nrow(out)))
