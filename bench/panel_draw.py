"""Benchmark: draw a stratified sample of 1,000 from a citizens' panel of 100,000 members on 4 dimensions.

    .venv/bin/python bench/panel_draw.py [--members N] [--sample N] [--repeat R]

Builds the panel in memory as the invitations page loads it (one row per member: id, age band,
sex, ethnic group, unpaid carer, last invited, paused until), leaning older, whiter and with fewer
carers than the population as real panels do, with some members resting after a recent invitation
and some paused. Then draws the sample (panel/sampling.py: eligibility, proportional allocation by
iterative proportional fitting, controlled rounding, random selection within strata) `--repeat`
times with different seeds and reports the slowest draw and the process's peak memory (which
includes Python, numpy, pandas and the panel itself). Targets: under 1 s and 300 MB.
A benchmark, never a test: it does not fail for being slow.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from panel.sampling import draw  # noqa: E402

POPULATION = {
    "age": {"18-24": 0.11, "25-34": 0.16, "35-44": 0.16, "45-54": 0.17, "55-64": 0.16, "65-74": 0.13, "75+": 0.11},
    "sex": {"female": 0.51, "male": 0.49},
    "ethnicity": {"white": 0.86, "asian": 0.08, "black": 0.02, "mixed": 0.02, "other": 0.02},
    "carer": {"yes": 0.10, "no": 0.90},
}
PANEL_MIX = {
    "age": [0.03, 0.10, 0.14, 0.18, 0.22, 0.18, 0.13, 0.02],  # the last: did not say
    "sex": [0.58, 0.41, 0.01],
    "ethnicity": [0.89, 0.05, 0.02, 0.015, 0.01, 0.015],
    "carer": [0.05, 0.93, 0.02],
}


def make_panel(size: int, now: datetime) -> pd.DataFrame:
    rng = np.random.default_rng(2021)
    columns: dict[str, object] = {"member_id": np.arange(1, size + 1)}
    for dimension, shares in POPULATION.items():
        values = np.array([*shares, None], dtype=object)
        columns[dimension] = rng.choice(values, size, p=PANEL_MIX[dimension])
    invited_days_ago = rng.integers(1, 400, size)
    columns["last_invited_at"] = pd.to_datetime(
        np.where(rng.random(size) < 0.5, now - pd.to_timedelta(invited_days_ago, unit="D"), pd.NaT), utc=True
    )
    columns["paused_until"] = pd.to_datetime(
        np.where(rng.random(size) < 0.03, now + timedelta(days=60), pd.NaT), utc=True
    )
    return pd.DataFrame(columns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    now = datetime.now(UTC)
    panel = make_panel(args.members, now)
    slowest = 0.0
    for seed in range(args.repeat):
        started = time.perf_counter()
        sample = draw(panel, POPULATION, args.sample, seed=seed, now=now, rest_days=90)
        slowest = max(slowest, time.perf_counter() - started)
    print(
        f"members={args.members} eligible={sample.eligible} resting={sample.excluded_resting} "
        f"paused={sample.excluded_paused} drawn={sample.drawn} max_margin_error={sample.max_margin_error:.2f}"
    )
    for short in sample.shortfalls:
        print(f"cannot fill {short.dimension}={short.category}: wanted {short.wanted:.1f}, eligible {short.eligible}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"sample_s={slowest:.3f} peak_rss_mb={peak_mb:.0f}")


if __name__ == "__main__":
    main()
