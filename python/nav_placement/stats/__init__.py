"""Survey statistics on DataFrames: design-based estimates used by the analysis steps."""

from nav_placement.stats.estimates import Estimate, SurveyDesign, weighted_mean, weighted_median, weighted_share

__all__ = ["Estimate", "SurveyDesign", "weighted_mean", "weighted_median", "weighted_share"]
