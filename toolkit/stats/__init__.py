"""Statistics for equality monitoring (plain Python: no Flask, no database).

* `disclosure`: disclosure control, the one place counts are made safe to show (cell-key
  perturbation, minimum cell size, minimum base).
* `representativeness`: respondents against the population, confidence intervals, the score and
  the "who we still need to hear from" list.
* `raking`: weights to population margins, with trimming, convergence report and effective
  sample size.
"""

from toolkit.stats.disclosure import (
    DEFAULT_THRESHOLD,
    MINIMUM_THRESHOLD,
    Count,
    DisclosureError,
    Policy,
    Protected,
    Status,
    Table,
    count_of,
    counts_by,
    protect,
    protect_table,
)
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

__all__ = [
    "DEFAULT_THRESHOLD",
    "MINIMUM_THRESHOLD",
    "ChannelReach",
    "ConvergenceReport",
    "Count",
    "Dashboard",
    "DimensionComparison",
    "DimensionSpec",
    "DisclosureError",
    "GroupComparison",
    "MarginFit",
    "Policy",
    "Protected",
    "RakingError",
    "RakingResult",
    "RepresentativenessError",
    "RepresentativenessScore",
    "Shortfall",
    "Status",
    "Table",
    "TrimLimits",
    "build_dashboard",
    "compare_dimension",
    "count_of",
    "counts_by",
    "design_effect",
    "effective_sample_size",
    "extra_responses_needed",
    "margin_of_error",
    "protect",
    "protect_table",
    "rake",
    "representativeness_score",
    "who_we_still_need_to_hear_from",
    "wilson_interval",
]
