"""An attacker who reads every equality figure the toolkit shows and tries to pin a hidden count.

What the attacker knows: the method and its perturbation table (`toolkit.stats.disclosure`), the
exact number of responses in every channel on every day (the results page shows counts for any
filter), and, for every view they asked for, each protected count as shown: a perturbed value
means "the real count is in [low, high]", "fewer than 5" means 0 to 4, "not shown" means 5 or
more. They also know that the same people always give the same figure, so two views whose
figures for a group differ must differ in who is in that group (at least one person).

What they do not know: the record keys. Everything else shown (shares, intervals, flags, the
order of groups, channel lists, messages, the score) is worked out from these protected counts
only, so it tells them nothing more.

The people are split into *atoms* (the smallest sets every view is a union of: a channel's
responses in one reporting block). Unknowns: how many of each atom are in each category. The
attacker's question for every count (every view's cells and every atom's cells): can it take more
than one value under all the constraints? Answered exactly with integer programming (HiGHS via
scipy): solutions with random objectives first, then, for any count that has shown one value
only, its minimum and maximum.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

from surveys.equality import dashboard, weighting
from surveys.equality.dashboard import Comparison
from surveys.model import Question
from toolkit.equality import NO_ANSWER
from toolkit.stats.disclosure import Policy, Protected, Status

Atom = Hashable


def _primary(cell: Protected) -> bool:
    """A figure that depends only on the cell's own people: perturbed or "fewer than 5". A cell
    hidden for another's sake ("not shown") depends on the whole table, so two different figures
    for it say nothing about whether the people differ."""
    return cell.status is not Status.HIDDEN


@dataclass
class Observation:
    """One shown table: the view's atoms and, per category, the protected count shown."""

    name: str
    atoms: frozenset[Atom]
    cells: Mapping[str, Protected]


@dataclass
class Attack:
    atom_sizes: Mapping[Atom, int]  # exact
    categories: Sequence[str]
    observations: list[Observation] = field(default_factory=list)

    def add(self, name: str, atoms: frozenset[Atom], cells: Mapping[str, Protected]) -> None:
        self.observations.append(Observation(name, atoms, dict(cells)))

    def _variables(self) -> tuple[list[Atom], int]:
        return list(self.atom_sizes), len(self.categories)

    def _constraints(self) -> LinearConstraint:  # noqa: C901 - one loop per kind of constraint
        atoms, k = self._variables()
        index = {a: i for i, a in enumerate(atoms)}
        rows: list[tuple[list[int], float, float]] = []
        for atom in atoms:  # every atom's people are in exactly one category
            size = float(self.atom_sizes[atom])
            rows.append(([index[atom] * k + c for c in range(k)], size, size))
        for obs in self.observations:
            for c, category in enumerate(self.categories):
                if (cell := obs.cells.get(category)) is not None:
                    rows.append(([index[a] * k + c for a in obs.atoms], float(cell.low), cell.high))
        # Same people, same figure: different figures for a category mean different people.
        for i, first in enumerate(self.observations):
            for second in self.observations[i + 1 :]:
                differ = first.atoms ^ second.atoms
                for c, category in enumerate(self.categories):
                    a, b = first.cells.get(category), second.cells.get(category)
                    if (
                        differ
                        and a is not None
                        and b is not None
                        and _primary(a)
                        and _primary(b)
                        and (a.status, a.value) != (b.status, b.value)
                    ):
                        rows.append(([index[atom] * k + c for atom in differ], 1.0, np.inf))
        matrix = lil_matrix((len(rows), len(atoms) * k))
        for r, (columns, _, _) in enumerate(rows):
            for j in columns:
                matrix[r, j] = 1.0
        lows = np.array([low for _, low, _ in rows])
        highs = np.array([high for _, _, high in rows])
        return LinearConstraint(matrix.tocsr(), lows, highs)

    def _targets(self) -> dict[str, np.ndarray]:
        """Every count of a view or an atom with anyone in it, as a sum of the unknowns."""
        atoms, k = self._variables()
        index = {a: i for i, a in enumerate(atoms)}
        targets: dict[str, np.ndarray] = {}
        for obs in self.observations:
            for c, category in enumerate(self.categories):
                vector = np.zeros(len(atoms) * k)
                vector[[index[a] * k + c for a in obs.atoms]] = 1
                targets[f"{obs.name} / {category}"] = vector
        for atom in (a for a in atoms if self.atom_sizes[a] > 0):
            for c, category in enumerate(self.categories):
                vector = np.zeros(len(atoms) * k)
                vector[index[atom] * k + c] = 1
                targets[f"atom {atom} / {category}"] = vector
        return targets

    def pinned(self, random_solutions: int = 4) -> list[str]:
        """Every count, of a view or an atom with anyone in it, that the attacker can pin."""
        if not self.atom_sizes:
            return []  # nothing published
        constraint = self._constraints()
        targets = self._targets()
        n_vars = len(self.atom_sizes) * len(self.categories)
        options = {"constraints": constraint, "integrality": np.ones(n_vars), "bounds": Bounds(0, np.inf)}
        seen: dict[str, set[int]] = {name: set() for name in targets}

        def solve(objective: np.ndarray) -> None:
            result = milp(objective, **options)
            assert result.success, "the real data satisfies every constraint, so there is a solution"
            solution = np.round(result.x)
            for name, vector in targets.items():
                seen[name].add(int(vector @ solution))

        rng = np.random.default_rng(2021)
        for _ in range(random_solutions):
            solve(rng.normal(size=n_vars))
        for name, vector in targets.items():
            for sign in (1.0, -1.0):
                if len(seen[name]) < 2:
                    solve(sign * vector)
        return [name for name, values in seen.items() if len(values) < 2]


# --- what the dashboard and weighting show --------------------------------------------------------------------


def observe(frame: pd.DataFrame, comparison: Comparison, policy: Policy, today: date | None = None) -> Attack:
    """Everything the dashboard and single-margin weighting show about one dimension, for every
    view they publish (`dashboard.publish_views`: everything up to each complete reporting block,
    and each channel up to a block end, as far as they differ enough). Other views show only how
    many responses they have, which the attacker knows anyway."""
    published = dashboard.publish_views(frame, [comparison], policy, today)
    categories = [*dashboard._groups(comparison), NO_ANSWER]
    attack = Attack(dict(published.atom_sizes), categories)
    for key in published.keys:
        kind, name, end = key
        atoms = published.atoms[key]
        attack.add(f"{kind} {name} {end}", atoms, published.tables[comparison.key][key].cells)
        cells = published.rows(key)
        answered = cells[(cells[dashboard.FIELD] == comparison.key) & cells[dashboard.VALUE].isin(categories[:-1])]
        if answered[dashboard.N].sum() >= policy.minimum_base:
            table = weighting.margin_table(published.tables[comparison.key][key], comparison)
            attack.add(f"weighting {kind} {name} {end}", atoms, table.cells)
    return attack


def observe_question(frame: pd.DataFrame, question: Question, policy: Policy, today: date | None = None) -> Attack:
    """Everything the dashboard shows about an equality question with no census comparison
    (pregnancy, inclusion health, postcode districts) in every view it publishes: each category's
    protected count, as audited across views. A postcode district's cells are the figures behind
    the named districts; the attacker is also given every district that anyone gave."""
    published = dashboard.publish_views(frame, [], policy, today, [question])
    tables = published.tables[question.id]
    categories = list(next(iter(tables.values())).cells) if tables else [NO_ANSWER]
    attack = Attack(dict(published.atom_sizes), categories)
    for key in published.keys:
        kind, name, end = key
        attack.add(f"{kind} {name} {end}", published.atoms[key], tables[key].cells)
    return attack


def watch(frame: pd.DataFrame, comparison: Comparison, policy: Policy) -> Attack:
    """Someone who refreshes the dashboard after every submission: every view published at any
    moment, put together (a view published twice must show the same figures both times)."""
    frame = frame.sort_values(dashboard.DAY, kind="stable").reset_index(drop=True)
    final = observe(frame, comparison, policy)
    seen: dict[str, Mapping[str, Protected]] = {o.name: o.cells for o in final.observations}
    for i in range(1, len(frame) + 1):
        today = frame[dashboard.DAY].iloc[i - 1]  # the day of this submission is still open
        for observation in observe(frame.iloc[:i], comparison, policy, today).observations:
            assert seen.setdefault(observation.name, observation.cells) == observation.cells, observation.name
    return final
