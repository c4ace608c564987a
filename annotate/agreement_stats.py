"""The agreement coefficients themselves, written out so the domain needs no numpy.

Each works from counts, not from raw sequences: the agreement code tallies
distinct (value, value) pairs or distinct value patterns once, and ten
thousand documents reduce to a few hundred keys.  Numerators are kept as
integers until the last division, so results match the reference
implementations to rounding error.  An undefined figure (0/0) is ``None``,
never NaN, so reports serialise to strict JSON.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from statistics import fmean, pstdev


def f1_score(tp: int, fp: int, fn: int) -> float | None:
    """F1 = 2·TP / (2·TP + FP + FN); ``None`` when neither side marked anything."""
    denominator = 2 * tp + fp + fn
    return None if denominator == 0 else 2 * tp / denominator


def mean_sd(values: Iterable[float | None]) -> tuple[float | None, float | None]:
    """Mean and population standard deviation of the defined values (bratiaa's np.mean / np.std)."""
    defined = [v for v in values if v is not None]
    if not defined:
        return None, None
    return fmean(defined), pstdev(defined)


def mean_of(values: Iterable[float | None]) -> float | None:
    """The mean alone: ``pstdev`` is exact (fractions) and costs ten times the mean, per document."""
    defined = [v for v in values if v is not None]
    return fmean(defined) if defined else None


def cohen_kappa(pair_counts: Mapping[tuple[Hashable, Hashable], int]) -> float | None:
    """Cohen's kappa from a table of how often rater 1 said x while rater 2 said y.

    kappa = (p_o - p_e) / (1 - p_e), multiplied through by n² to stay in integers;
    ``None`` when there are no items or chance agreement is already perfect
    (both raters used one and the same category throughout).
    """
    n = 0
    observed = 0
    rows: dict[Hashable, int] = {}
    cols: dict[Hashable, int] = {}
    for (x, y), count in pair_counts.items():
        n += count
        if x == y:
            observed += count
        rows[x] = rows.get(x, 0) + count
        cols[y] = cols.get(y, 0) + count
    expected = sum(count * cols.get(value, 0) for value, count in rows.items())
    if n == 0 or expected == n * n:
        return None
    return (observed * n - expected) / (n * n - expected)


def percent_agreement(pair_counts: Mapping[tuple[Hashable, Hashable], int]) -> float | None:
    n = sum(pair_counts.values())
    if n == 0:
        return None
    return sum(count for (x, y), count in pair_counts.items() if x == y) / n


def krippendorff_alpha_nominal(patterns: Mapping[tuple[Hashable | None, ...], int]) -> float | None:
    """Krippendorff's alpha, nominal, from counts of distinct units.

    A unit is the tuple of values its coders gave, ``None`` for a coder who gave
    none; units with fewer than two values are not pairable and drop out.  With
    n_uc the count of value c in unit u, m_u its number of values and n_c the
    pairable total of c:  D_o ∝ Σ_u (m_u² − Σ_c n_uc²)/(m_u − 1) and
    D_e ∝ (n² − Σ_c n_c²)/(n − 1), so alpha = 1 − (n − 1)·D_o / (n² − Σ_c n_c²).
    ``None`` when there is nothing pairable or only one value was ever used.
    """
    totals: dict[Hashable, int] = {}
    disagreement_by_m: dict[int, int] = {}
    for unit, count in patterns.items():
        values: dict[Hashable, int] = {}
        for v in unit:
            if v is not None:
                values[v] = values.get(v, 0) + 1
        m = sum(values.values())
        if m < 2:
            continue
        for v, k in values.items():
            totals[v] = totals.get(v, 0) + k * count
        spread = m * m - sum(k * k for k in values.values())
        if spread:
            disagreement_by_m[m] = disagreement_by_m.get(m, 0) + spread * count
    n = sum(totals.values())
    expected = n * n - sum(k * k for k in totals.values())
    if n == 0 or expected == 0:
        return None
    observed = sum(spread / (m - 1) for m, spread in disagreement_by_m.items())
    return 1.0 - (n - 1) * observed / expected
