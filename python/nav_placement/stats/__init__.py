"""Survey statistics on DataFrames: design-based estimates, survey weights and survey logistic
regression used by the analysis steps."""

from nav_placement.stats.estimates import (
    Difference, Estimate, LonelyPSUError, SurveyDesign, design_variance, domain_difference, weighted_mean,
    weighted_median, weighted_share,
)
from nav_placement.stats.models import LogitFit, LogitFitError, SeparationError, design_matrix, survey_logit
from nav_placement.stats.weights import (
    Collapsed, EmptyCellError, WeightsDidNotConverge, WeightsError, band_order, collapse_cells, poststratify,
    poststratified_standard_error, rake, weight_diagnostics,
)

__all__ = [
    "Collapsed", "Difference", "domain_difference", "EmptyCellError", "Estimate", "LogitFit", "LogitFitError",
    "LonelyPSUError", "SeparationError", "SurveyDesign", "WeightsDidNotConverge", "WeightsError", "band_order",
    "collapse_cells", "design_matrix", "design_variance", "poststratify", "poststratified_standard_error", "rake",
    "survey_logit", "weight_diagnostics", "weighted_mean", "weighted_median", "weighted_share",
]
