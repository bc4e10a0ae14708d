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

from cwh.identity.training import estimate_match_parameters, pattern_layout


def model(dbt, session):
    # dbt only passes config values read with plain dbt.config.get("key") calls
    training = dbt.config.get("training")
    max_iterations = int(dbt.config.get("em_max_iterations"))
    tolerance = float(dbt.config.get("em_tolerance"))

    levels = dbt.ref("identity_comparison_levels").df()
    group = pattern_layout(levels).group
    compared = dbt.ref("int_customer_pairs_compared")
    # patterns in a fixed order: EM sums floats over them, and a rebuild must give the same weights
    candidates = compared.aggregate(f"{group}, count(*) as pair_count", group).order(group).df()
    sampled = dbt.ref("int_customer_pair_patterns_sampled").order(group).df()
    record_count = dbt.ref("int_customer_records_prepared").aggregate("count(*)").fetchall()[0][0]
    per_pass = passes = None
    if training == "sessions":
        passes = dbt.ref("identity_blocking_passes").df()
        per_pass = compared.query(
            "compared",
            f"select pass_name, {group}, count(*) as pair_count "
            f"from compared, unnest(blocking_passes) as passes(pass_name) group by all "
            f"order by pass_name, {group}",
        ).df()
    # the training itself is cwh.identity.training, shared with the Spark build
    return estimate_match_parameters(
        levels, candidates, sampled, per_pass, passes, record_count, training, max_iterations, tolerance
    )
