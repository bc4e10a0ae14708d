"""Fellegi-Sunter parameters of this run: one row per comparison level with its m and u probability and
match weight log2(m/u), plus the prior. Estimated from the data each run (cwh.identity.fellegi_sunter),
by var identity_fs_training:

- sessions (default, as Splink does): u = level frequencies among random record pairs, fixed; m by EM
  separately within the pairs of each blocking pass, leaving out the comparisons the pass's key
  constrains (seed identity_blocking_passes.constrains), averaged; the prior (probability that two
  random records match) by EM over all record pairs, candidates being the only possible matches.
- candidates (as fastLink does): m, u and the prior by one EM over all candidate pairs, u started from
  the random pairs.

EM runs over aggregated comparison-pattern counts (a few thousand rows for millions of pairs), so a fit
takes well under a second. docs/identity-resolution.md ("Scoring") explains the model and the choice.
"""

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


def _patterns(frame: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, np.ndarray]:
    if frame.empty:
        return np.zeros((0, len(columns)), dtype=np.int64), np.zeros(0)
    return frame[columns].to_numpy(dtype=np.int64), frame["pair_count"].to_numpy(dtype=float)


def model(dbt, session):
    # dbt only passes config values read with plain dbt.config.get("key") calls
    training = dbt.config.get("training")
    max_iterations = int(dbt.config.get("em_max_iterations"))
    tolerance = float(dbt.config.get("em_tolerance"))

    levels = dbt.ref("identity_comparison_levels").df()
    comparisons = [c for c in COMPARISONS if c in set(levels["comparison"])]
    n_levels = [int(levels.loc[levels["comparison"] == c, "level"].max()) + 1 for c in comparisons]
    columns = [f"{c}_level" for c in comparisons]
    group = ", ".join(columns)

    compared = dbt.ref("int_customer_pairs_compared")
    # patterns in a fixed order: EM sums floats over them, and a rebuild must give the same weights
    candidates = compared.aggregate(f"{group}, count(*) as pair_count", group).order(group).df()
    candidate_patterns, candidate_counts = _patterns(candidates, columns)
    sample_patterns, sample_counts = _patterns(
        dbt.ref("int_customer_pair_patterns_sampled").order(group).df(), columns
    )
    record_count = dbt.ref("int_customer_records_prepared").aggregate("count(*)").fetchone()[0]
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
        passes = dbt.ref("identity_blocking_passes").df()
        blocked_by_pass = {
            row.pass_name: frozenset(
                comparisons.index(field) for field in str(row.constrains).split() if field in comparisons
            )
            for row in passes.itertuples()
        }
        per_pass = compared.query(
            "compared",
            f"select pass_name, {group}, count(*) as pair_count "
            f"from compared, unnest(blocking_passes) as passes(pass_name) group by all "
            f"order by pass_name, {group}",
        ).df()
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
