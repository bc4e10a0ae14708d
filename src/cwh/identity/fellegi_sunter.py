"""Fellegi-Sunter record linkage: m/u probabilities estimated by EM over comparison-pattern counts.

A candidate pair is described by one comparison level per field (name, birth date, e-mail, ...); level
0 means "not comparable" (a side is missing the field) and counts as neither evidence for nor against.
Under the usual conditional-independence assumption the pattern likelihood is

    P(pattern | match)     = prod_k m_k[level_k]        P(pattern | non-match) = prod_k u_k[level_k]

with level-0 factors left out. The expectation-maximisation algorithm estimates the m and u tables and
the share of matches (lambda) from the pattern counts alone, without labels. Because pairs with the
same pattern are interchangeable, EM runs over the aggregated pattern table (a few thousand rows even
for millions of pairs), so a fit takes milliseconds.

The u table can be started from (or fixed at) the level frequencies among random record pairs
(`level_frequencies`), which are almost all non-matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

NULL_LEVEL = 0
_EPS = 1e-12


@dataclass(frozen=True)
class FellegiSunterFit:
    """Estimated parameters: per comparison an array over its levels (index = level; index 0 unused)."""

    comparisons: tuple[str, ...]
    m: tuple[np.ndarray, ...]
    u: tuple[np.ndarray, ...]
    prior: float
    iterations: int
    converged: bool
    log_likelihood: float

    def level_weights(self) -> tuple[np.ndarray, ...]:
        """log2(m/u) per comparison level; 0 for the null level (no evidence either way)."""
        weights = []
        for m, u in zip(self.m, self.u, strict=True):
            w = np.log2(np.maximum(m, _EPS) / np.maximum(u, _EPS))
            w[NULL_LEVEL] = 0.0
            weights.append(w)
        return tuple(weights)

    def prior_weight(self) -> float:
        """log2 of the prior odds of a match, lambda / (1 - lambda)."""
        return float(np.log2(self.prior / (1.0 - self.prior)))

    def match_weights(self, patterns: np.ndarray) -> np.ndarray:
        """Match weight (log2 posterior odds) of each pattern row: prior weight + sum of level weights."""
        patterns = np.asarray(patterns, dtype=np.int64)
        total = np.full(patterns.shape[0], self.prior_weight())
        for k, w in enumerate(self.level_weights()):
            total += w[patterns[:, k]]
        return total


def match_probability(weights: np.ndarray) -> np.ndarray:
    """Posterior match probability from a match weight (log2 odds)."""
    return 1.0 / (1.0 + np.exp2(-np.asarray(weights, dtype=float)))


def _validate(
    patterns: np.ndarray, counts: np.ndarray, n_levels: Sequence[int]
) -> tuple[np.ndarray, np.ndarray]:
    patterns = np.asarray(patterns, dtype=np.int64)
    counts = np.asarray(counts, dtype=float)
    if patterns.ndim != 2 or patterns.shape[1] != len(n_levels):
        raise ValueError(f"patterns must be a 2-D array with one column per comparison ({len(n_levels)})")
    if patterns.shape[0] != counts.shape[0]:
        raise ValueError("patterns and counts must have the same number of rows")
    if np.any(counts < 0):
        raise ValueError("counts must be non-negative")
    for k, levels in enumerate(n_levels):
        column = patterns[:, k]
        if column.size and (column.min() < 0 or column.max() >= levels):
            raise ValueError(f"comparison {k}: levels must be in 0..{levels - 1}")
    return patterns, counts


def level_frequencies(
    patterns: np.ndarray, counts: np.ndarray, n_levels: Sequence[int], pseudo_count: float = 0.5
) -> tuple[np.ndarray, ...]:
    """Share of each non-null level per comparison among the given pairs (index 0 set to 1).

    Used on random record pairs to estimate u: a level never seen in the sample gets `pseudo_count`
    observations, so its u is small but not zero (the weight stays finite)."""
    patterns, counts = _validate(patterns, counts, n_levels)
    out = []
    for k, levels in enumerate(n_levels):
        tally = np.bincount(patterns[:, k], weights=counts, minlength=levels).astype(float)
        tally[NULL_LEVEL] = 0.0
        tally[1:] += pseudo_count
        share = tally / tally[1:].sum()
        share[NULL_LEVEL] = 1.0
        out.append(share)
    return tuple(out)


def default_m(n_levels: Sequence[int]) -> tuple[np.ndarray, ...]:
    """Starting m: true matches mostly agree, so the top level gets most mass, halving per level down."""
    out = []
    for levels in n_levels:
        raw = 2.0 ** np.arange(levels, dtype=float) * 4.0 ** (np.arange(levels) == levels - 1)
        raw[NULL_LEVEL] = 0.0
        share = raw / raw.sum()
        share[NULL_LEVEL] = 1.0
        out.append(share)
    return tuple(out)


def _log_tables(tables: Sequence[np.ndarray]) -> list[np.ndarray]:
    logs = []
    for table in tables:
        log = np.log(np.maximum(table, _EPS))
        log[NULL_LEVEL] = 0.0
        logs.append(log)
    return logs


def _pattern_log_likelihood(patterns: np.ndarray, log_tables: Sequence[np.ndarray]) -> np.ndarray:
    total = np.zeros(patterns.shape[0])
    for k, log in enumerate(log_tables):
        total += log[patterns[:, k]]
    return total


def _m_step(
    patterns: np.ndarray, weights: np.ndarray, n_levels: Sequence[int], pseudo_count: float
) -> tuple[np.ndarray, ...]:
    out = []
    for k, levels in enumerate(n_levels):
        tally = np.bincount(patterns[:, k], weights=weights, minlength=levels).astype(float)
        tally[NULL_LEVEL] = 0.0
        tally[1:] += pseudo_count
        share = tally / tally[1:].sum()
        share[NULL_LEVEL] = 1.0
        out.append(share)
    return tuple(out)


def fit_fellegi_sunter(
    patterns: np.ndarray,
    counts: np.ndarray,
    n_levels: Sequence[int],
    comparisons: Sequence[str] | None = None,
    m_start: Sequence[np.ndarray] | None = None,
    u_start: Sequence[np.ndarray] | None = None,
    prior_start: float = 0.1,
    fix_u: bool = False,
    max_iterations: int = 500,
    tolerance: float = 1e-7,
    pseudo_count: float = 1.0,
) -> FellegiSunterFit:
    """Estimate m, u and lambda by EM from pattern counts.

    patterns: (P, K) integer levels per pattern and comparison (0 = null); counts: pairs per pattern;
    n_levels: number of levels of each comparison (including the null level 0).
    u_start is typically `level_frequencies` of random pairs; with fix_u=True it is kept as is and only
    m and lambda are estimated. pseudo_count adds that many pairs to every level in each M-step (a
    Dirichlet prior that keeps levels never observed in one class away from probability 0).
    Stops when no parameter moves by more than `tolerance` or after `max_iterations`.
    """
    patterns, counts = _validate(patterns, counts, n_levels)
    names = tuple(comparisons) if comparisons is not None else tuple(f"c{k}" for k in range(len(n_levels)))
    m = tuple(np.asarray(t, dtype=float) for t in (m_start or default_m(n_levels)))
    u = tuple(
        np.asarray(t, dtype=float)
        for t in (u_start or level_frequencies(patterns, counts, n_levels, pseudo_count=pseudo_count))
    )
    prior = float(prior_start)
    total = counts.sum()
    if total <= 0:
        raise ValueError("no pairs to fit")
    converged = False
    iterations = 0
    log_likelihood = -np.inf
    while iterations < max_iterations:
        iterations += 1
        log_m = _pattern_log_likelihood(patterns, _log_tables(m)) + np.log(prior)
        log_u = _pattern_log_likelihood(patterns, _log_tables(u)) + np.log1p(-prior)
        log_norm = np.logaddexp(log_m, log_u)
        posterior = np.exp(log_m - log_norm)
        log_likelihood = float((counts * log_norm).sum())

        match_weight = counts * posterior
        new_prior = float(np.clip(match_weight.sum() / total, 1e-9, 1 - 1e-9))
        new_m = _m_step(patterns, match_weight, n_levels, pseudo_count)
        new_u = u if fix_u else _m_step(patterns, counts - match_weight, n_levels, pseudo_count)

        change = max(
            abs(new_prior - prior),
            max(float(np.max(np.abs(a - b))) for a, b in zip(new_m, m, strict=True)),
            max(float(np.max(np.abs(a - b))) for a, b in zip(new_u, u, strict=True)),
        )
        m, u, prior = new_m, new_u, new_prior
        if change < tolerance:
            converged = True
            break
    return FellegiSunterFit(
        comparisons=names,
        m=m,
        u=u,
        prior=prior,
        iterations=iterations,
        converged=converged,
        log_likelihood=log_likelihood,
    )


@dataclass(frozen=True)
class TrainingSession:
    """Candidate pairs of one blocking pass: their pattern counts and the comparisons the pass's key
    constrains (every pair of a `phone` pass agrees on phone, so phone's m cannot be learnt there)."""

    name: str
    patterns: np.ndarray
    counts: np.ndarray
    blocked: frozenset[int]


@dataclass(frozen=True)
class SessionFit:
    name: str
    prior: float
    iterations: int
    converged: bool
    estimated: tuple[bool, ...]  # per comparison: was its m estimated in this session


def fit_m_by_sessions(
    sessions: Sequence[TrainingSession],
    n_levels: Sequence[int],
    u: Sequence[np.ndarray],
    m_start: Sequence[np.ndarray] | None = None,
    max_iterations: int = 500,
    tolerance: float = 1e-7,
    pseudo_count: float = 1.0,
) -> tuple[tuple[np.ndarray, ...], list[SessionFit]]:
    """m estimated as Splink does: one EM run per blocking pass with u fixed (random pairs).

    Within the pairs of a pass, the comparisons its key constrains are set to the null level (no
    information, their m is not estimated there); the other comparisons of non-matching pairs behave
    like those of random pairs, which is what a fixed u assumes. Each comparison's m is the average of
    its estimates over the sessions that estimated it, weighted by the pairs where it was comparable.
    A comparison no session could estimate keeps its starting m.
    """
    start = tuple(np.asarray(t, dtype=float) for t in (m_start or default_m(n_levels)))
    total = [np.zeros(levels) for levels in n_levels]
    weight = np.zeros(len(n_levels))
    fits: list[SessionFit] = []
    for session in sessions:
        patterns = np.array(session.patterns, dtype=np.int64, copy=True)
        counts = np.asarray(session.counts, dtype=float)
        if patterns.shape[0] == 0 or counts.sum() <= 0:
            continue
        for k in session.blocked:
            patterns[:, k] = NULL_LEVEL
        comparable = np.array([counts[patterns[:, k] != NULL_LEVEL].sum() for k in range(len(n_levels))])
        fit = fit_fellegi_sunter(patterns, counts, n_levels, m_start=start, u_start=u, prior_start=0.5,
                                 fix_u=True, max_iterations=max_iterations, tolerance=tolerance,
                                 pseudo_count=pseudo_count)
        matched = comparable * fit.prior
        estimated = tuple(bool(comparable[k] > 0 and k not in session.blocked) for k in range(len(n_levels)))
        for k, ok in enumerate(estimated):
            if ok:
                total[k] += matched[k] * fit.m[k]
                weight[k] += matched[k]
        fits.append(SessionFit(session.name, fit.prior, fit.iterations, fit.converged, estimated))
    m = []
    for k in range(len(n_levels)):
        if weight[k] > 0:
            table = total[k] / weight[k]
            table[NULL_LEVEL] = 1.0
        else:
            table = start[k].copy()
        m.append(table)
    return tuple(m), fits


def population_prior(
    patterns: np.ndarray,
    counts: np.ndarray,
    m: Sequence[np.ndarray],
    u: Sequence[np.ndarray],
    total_pairs: float,
    start: float = 1e-6,
    max_iterations: int = 200,
    tolerance: float = 1e-10,
) -> float:
    """P(two random records match), lambda, over all record pairs, from the candidate pairs.

    Pairs outside the candidates are taken as non-matches (blocking found the matches), so lambda is
    the fixed point of lambda = sum(candidate posteriors at lambda) / total_pairs: the EM update of
    lambda over all pairs with m and u held.
    """
    patterns, counts = _validate(patterns, counts, [len(t) for t in m])
    if total_pairs <= 0 or counts.sum() <= 0:
        return float(start)
    log_bayes = _pattern_log_likelihood(patterns, _log_tables(m))
    log_bayes -= _pattern_log_likelihood(patterns, _log_tables(u))
    prior = float(start)
    for _ in range(max_iterations):
        log_odds = log_bayes + np.log(prior) - np.log1p(-prior)
        posterior = 1.0 / (1.0 + np.exp(-np.clip(log_odds, -700, 700)))
        new_prior = float(np.clip((counts * posterior).sum() / total_pairs, 1e-15, 0.5))
        if abs(new_prior - prior) <= tolerance * max(prior, 1e-15):
            return new_prior
        prior = new_prior
    return prior
