"""Statistics for equality monitoring (plain Python: no Flask, no database).

* `suppression`: small-number suppression, the one place counts are made safe to show.
* `representativeness`: respondents against the population, confidence intervals, the score and
  the "who we still need to hear from" list.
* `raking`: weights to population margins, with trimming, convergence report and effective
  sample size.
"""

from toolkit.stats.raking import (
    ConvergenceReport,
    MarginFit,
    RakingError,
    RakingResult,
    TrimLimits,
    design_effect,
    effective_sample_size,
    margin_of_error,
    rake,
)
from toolkit.stats.representativeness import (
    ChannelReach,
    Dashboard,
    DimensionComparison,
    DimensionSpec,
    GroupComparison,
    RepresentativenessError,
    RepresentativenessScore,
    Shortfall,
    build_dashboard,
    compare_dimension,
    extra_responses_needed,
    representativeness_score,
    who_we_still_need_to_hear_from,
    wilson_interval,
)
from toolkit.stats.suppression import (
    DEFAULT_THRESHOLD,
    MINIMUM_THRESHOLD,
    CellStatus,
    ProtectedComparison,
    ProtectedGroup,
    ProtectedShortfall,
    SuppressedCell,
    SuppressedCounts,
    SuppressionError,
    protect_comparison,
    protect_shortfalls,
    suppress_counts,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "MINIMUM_THRESHOLD",
    "CellStatus",
    "ChannelReach",
    "ConvergenceReport",
    "Dashboard",
    "DimensionComparison",
    "DimensionSpec",
    "GroupComparison",
    "MarginFit",
    "ProtectedComparison",
    "ProtectedGroup",
    "ProtectedShortfall",
    "RakingError",
    "RakingResult",
    "RepresentativenessError",
    "RepresentativenessScore",
    "Shortfall",
    "SuppressedCell",
    "SuppressedCounts",
    "SuppressionError",
    "TrimLimits",
    "build_dashboard",
    "compare_dimension",
    "design_effect",
    "effective_sample_size",
    "extra_responses_needed",
    "margin_of_error",
    "protect_comparison",
    "protect_shortfalls",
    "rake",
    "representativeness_score",
    "suppress_counts",
    "who_we_still_need_to_hear_from",
    "wilson_interval",
]
