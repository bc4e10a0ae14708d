"""Fellegi-Sunter training of identity resolution from aggregated comparison patterns (the model
int_customer_match_parameters_estimated, docs/identity-resolution.md, "Scoring").

The DuckDB dbt Python model and the Spark build (cwh.spark.python_nodes) compute the same small frames
(pattern counts of candidate pairs, of random pairs, and per blocking pass) with their own engine and
call `estimate_match_parameters`, so the training logic lives here once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cwh.identity.fellegi_sunter import (
    TrainingSession,
    default_m,
    fit_fellegi_sunter,
    fit_m_by_sessions,
    level_frequencies,
    population_prior,
)

COMPARISONS = ["name", "birth_date", "email", "phone", "location", "gender"]


@dataclass(frozen=True)
class PatternLayout:
    """The comparisons present in seed identity_comparison_levels, their level counts and columns."""

    comparisons: list[str]
    n_levels: list[int]
    columns: list[str]

    @property
    def group(self) -> str:
        return ", ".join(self.columns)


def pattern_layout(levels: pd.DataFrame) -> PatternLayout:
    comparisons = [c for c in COMPARISONS if c in set(levels["comparison"])]
    n_levels = [int(levels.loc[levels["comparison"] == c, "level"].max()) + 1 for c in comparisons]
    return PatternLayout(comparisons, n_levels, [f"{c}_level" for c in comparisons])


def _patterns(frame: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, np.ndarray]:
    if frame.empty:
        return np.zeros((0, len(columns)), dtype=np.int64), np.zeros(0)
    return frame[columns].to_numpy(dtype=np.int64), frame["pair_count"].to_numpy(dtype=float)


def estimate_match_parameters(
    levels: pd.DataFrame,
    candidates: pd.DataFrame,
    sampled: pd.DataFrame,
    per_pass: pd.DataFrame | None,
    passes: pd.DataFrame | None,
    record_count: int,
    training: str,
    max_iterations: int,
    tolerance: float,
) -> pd.DataFrame:
    """The rows of int_customer_match_parameters_estimated. Frames hold pattern columns + pair_count,
    sorted by the pattern columns (per_pass by pass_name first): EM sums floats over them, and a
    rebuild must give the same weights. per_pass and passes are needed for training 'sessions'."""
    layout = pattern_layout(levels)
    comparisons, n_levels, columns = layout.comparisons, layout.n_levels, layout.columns
    candidate_patterns, candidate_counts = _patterns(candidates, columns)
    sample_patterns, sample_counts = _patterns(sampled, columns)
    total_pairs = record_count * (record_count - 1) / 2

    u_random = level_frequencies(sample_patterns, sample_counts, n_levels, pseudo_count=0.5)
    iterations, converged, log_likelihood, sessions_used = 0, False, None, 0
    if candidate_counts.sum() == 0:
        # nothing to learn from, and nothing will be scored
        m, u, prior = default_m(n_levels), u_random, 0.5
    elif training == "candidates":
        fit = fit_fellegi_sunter(candidate_patterns, candidate_counts, n_levels, comparisons=comparisons,
                                 m_start=default_m(n_levels), u_start=u_random, prior_start=0.5,
                                 max_iterations=max_iterations, tolerance=tolerance)
        m, u, prior = fit.m, fit.u, fit.prior
        iterations, converged, log_likelihood = fit.iterations, fit.converged, fit.log_likelihood
    elif training == "sessions":
        if per_pass is None or passes is None:
            raise ValueError("training 'sessions' needs the pattern counts per blocking pass and the passes")
        blocked_by_pass = {
            row.pass_name: frozenset(
                comparisons.index(field) for field in str(row.constrains).split() if field in comparisons
            )
            for row in passes.itertuples()
        }
        sessions = []
        for pass_name, frame in per_pass.groupby("pass_name"):
            patterns, counts = _patterns(frame, columns)
            blocked = blocked_by_pass.get(pass_name, frozenset())
            sessions.append(TrainingSession(str(pass_name), patterns, counts, blocked))
        u = u_random
        m, fits = fit_m_by_sessions(sessions, n_levels, u, max_iterations=max_iterations, tolerance=tolerance)
        prior = population_prior(candidate_patterns, candidate_counts, m, u, total_pairs)
        iterations = sum(f.iterations for f in fits)
        converged = all(f.converged for f in fits)
        sessions_used = len(fits)
    else:
        raise ValueError(f"var identity_fs_training must be 'sessions' or 'candidates', not {training!r}")

    prior_weight = float(np.log2(prior / (1.0 - prior)))
    rows = []
    for k, comparison in enumerate(comparisons):
        for level in range(n_levels[k]):
            is_null = level == 0
            weight = 0.0 if is_null else float(np.log2(max(m[k][level], 1e-12) / max(u[k][level], 1e-12)))
            rows.append(
                {
                    "comparison": comparison,
                    "level": level,
                    "m_probability": None if is_null else float(m[k][level]),
                    "u_probability": None if is_null else float(u[k][level]),
                    "u_random_probability": None if is_null else float(u_random[k][level]),
                    "match_weight": weight,
                    "prior_match_probability": float(prior),
                    "prior_match_weight": prior_weight,
                    "training": training,
                    "candidate_pairs": int(candidate_counts.sum()),
                    "candidate_patterns": int(candidate_counts.size),
                    "sampled_pairs": int(sample_counts.sum()),
                    "em_sessions": int(sessions_used),
                    "em_iterations": int(iterations),
                    "em_converged": bool(converged),
                    "em_log_likelihood": log_likelihood,
                }
            )
    labels = levels[["comparison", "level", "label"]]
    frame = pd.DataFrame(rows).merge(labels, on=["comparison", "level"], how="left")
    ordered = ["comparison", "level", "label"]
    return frame[ordered + [c for c in frame.columns if c not in ordered]]
