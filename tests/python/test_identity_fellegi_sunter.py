"""Fellegi-Sunter EM (cwh.identity.fellegi_sunter) on simulated comparison patterns with known parameters.

Pairs are drawn from a two-class model whose m, u and lambda are known; EM sees only the aggregated
pattern counts and must recover them. Fixed seeds, so every run sees the same data.
"""

from __future__ import annotations

import numpy as np
import pytest

from cwh.identity.fellegi_sunter import (
    TrainingSession,
    default_m,
    fit_fellegi_sunter,
    fit_m_by_sessions,
    level_frequencies,
    match_probability,
    population_prior,
)

# three comparisons: (null, different, close, exact), (null, different, exact), (null, different, exact)
N_LEVELS = (4, 3, 3)
TRUE_M = (np.array([1.0, 0.05, 0.15, 0.80]), np.array([1.0, 0.10, 0.90]), np.array([1.0, 0.02, 0.98]))
TRUE_U = (np.array([1.0, 0.90, 0.08, 0.02]), np.array([1.0, 0.95, 0.05]), np.array([1.0, 0.70, 0.30]))
NULL_SHARE = (0.1, 0.3, 0.0)


def simulate(
    pairs: int, prior: float, seed: int, agree_on: int | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Patterns (aggregated) and the true class of each pattern row's pairs (share of matches)."""
    rng = np.random.default_rng(seed)
    is_match = rng.random(pairs) < prior
    columns = []
    for k, levels in enumerate(N_LEVELS):
        draw_m = rng.choice(levels - 1, pairs, p=TRUE_M[k][1:]) + 1
        draw_u = rng.choice(levels - 1, pairs, p=TRUE_U[k][1:]) + 1
        column = np.where(is_match, draw_m, draw_u)
        column[rng.random(pairs) < NULL_SHARE[k]] = 0
        columns.append(column)
    patterns = np.stack(columns, axis=1)
    if agree_on is not None:
        # a blocking pass on comparison `agree_on`: only pairs agreeing exactly on it are candidates
        keep = patterns[:, agree_on] == N_LEVELS[agree_on] - 1
        patterns, is_match = patterns[keep], is_match[keep]
    unique, inverse, counts = np.unique(patterns, axis=0, return_inverse=True, return_counts=True)
    matches = np.bincount(inverse.ravel(), weights=is_match, minlength=len(unique))
    return unique, counts.astype(float), matches / counts


def test_em_recovers_m_u_and_prior() -> None:
    patterns, counts, _ = simulate(200_000, prior=0.3, seed=1)
    fit = fit_fellegi_sunter(patterns, counts, N_LEVELS)
    assert fit.converged
    assert fit.prior == pytest.approx(0.3, abs=0.01)
    for k in range(len(N_LEVELS)):
        np.testing.assert_allclose(fit.m[k][1:], TRUE_M[k][1:], atol=0.02)
        np.testing.assert_allclose(fit.u[k][1:], TRUE_U[k][1:], atol=0.02)


def test_em_posteriors_separate_the_classes() -> None:
    patterns, counts, true_share = simulate(100_000, prior=0.2, seed=2)
    fit = fit_fellegi_sunter(patterns, counts, N_LEVELS)
    predicted = match_probability(fit.match_weights(patterns))
    # pair-weighted mean absolute error of the posterior vs the true match share of each pattern
    error = float((np.abs(predicted - true_share) * counts).sum() / counts.sum())
    assert error < 0.02


def test_fixed_u_is_kept_and_null_level_weighs_nothing() -> None:
    patterns, counts, _ = simulate(50_000, prior=0.3, seed=3)
    fit = fit_fellegi_sunter(patterns, counts, N_LEVELS, u_start=TRUE_U, fix_u=True)
    for k in range(len(N_LEVELS)):
        np.testing.assert_array_equal(fit.u[k], TRUE_U[k])
        assert fit.level_weights()[k][0] == 0.0
    # a pattern of nulls only scores the prior
    assert fit.match_weights(np.zeros((1, 3), dtype=int))[0] == pytest.approx(fit.prior_weight())


def test_level_frequencies_never_zero() -> None:
    patterns = np.array([[1, 1, 1], [1, 2, 0]])
    u = level_frequencies(patterns, np.array([10.0, 0.0]), N_LEVELS, pseudo_count=0.5)
    assert all(table[1:].min() > 0 for table in u)
    assert all(table[1:].sum() == pytest.approx(1.0) for table in u)
    assert u[0][1] > u[0][3]


def test_default_m_puts_most_mass_on_the_top_level() -> None:
    for table, levels in zip(default_m(N_LEVELS), N_LEVELS, strict=True):
        assert table[1:].sum() == pytest.approx(1.0)
        assert int(np.argmax(table[1:])) == levels - 2


def test_invalid_patterns_are_rejected() -> None:
    with pytest.raises(ValueError, match="levels must be in"):
        fit_fellegi_sunter(np.array([[5, 1, 1]]), np.array([1.0]), N_LEVELS)
    with pytest.raises(ValueError, match="one column per comparison"):
        fit_fellegi_sunter(np.array([[1, 1]]), np.array([1.0]), N_LEVELS)


def test_sessions_recover_m_of_comparisons_not_blocked() -> None:
    """Blocked on comparison 2 exactly (like a phone pass), EM with u fixed still learns m of 0 and 1."""
    sessions = []
    for seed, block_on in ((4, 2), (5, 1)):
        patterns, counts, _ = simulate(400_000, prior=0.05, seed=seed, agree_on=block_on)
        sessions.append(TrainingSession(f"pass_{block_on}", patterns, counts, frozenset({block_on})))
    m, fits = fit_m_by_sessions(sessions, N_LEVELS, TRUE_U)
    assert [f.estimated for f in fits] == [(True, True, False), (True, False, True)]
    for k in range(len(N_LEVELS)):
        np.testing.assert_allclose(m[k][1:], TRUE_M[k][1:], atol=0.03)


def test_population_prior_counts_matches_over_all_pairs() -> None:
    """1,000 records = 499,500 pairs; 300 candidates agree on everything (clear matches), 1,700 on nothing."""
    m = tuple(np.array([1.0, 0.01, 0.99]) for _ in range(3))
    u = tuple(np.array([1.0, 0.999, 0.001]) for _ in range(3))
    patterns = np.array([[2, 2, 2], [1, 1, 1]])
    counts = np.array([300.0, 1700.0])
    prior = population_prior(patterns, counts, m, u, total_pairs=499_500)
    assert prior == pytest.approx(300 / 499_500, rel=0.01)
    # weaker evidence: the same agreement pattern is no longer certain, so fewer expected matches
    weak = tuple(np.array([1.0, 0.5, 0.5]) for _ in range(3))
    assert population_prior(patterns, counts, m, weak, total_pairs=499_500) < prior
