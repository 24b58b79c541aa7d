"""Survey statistics on DataFrames: design-based estimates used by the analysis steps."""

from nav_placement.stats.estimates import (
    Difference, Estimate, SurveyDesign, domain_difference, weighted_mean, weighted_median, weighted_share,
)

__all__ = ["Difference", "domain_difference", "Estimate", "SurveyDesign", "weighted_mean", "weighted_median", "weighted_share"]
