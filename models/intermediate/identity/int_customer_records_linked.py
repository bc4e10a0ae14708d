"""Clusters of customer records: connected components over the matched pairs, with the guard against
chained giant clusters (cwh.identity.clustering; docs/identity-resolution.md, "Clustering").

One row per record (record_index of int_customer_records_prepared): its cluster (the smallest
record_index in it), the cluster's size, the guard action applied, the cluster's weakest link (lowest
match weight on its maximum spanning tree), and the record's best link inside its cluster.
"""

import numpy as np

from cwh.identity.clustering import linked_records_table


def model(dbt, session):
    match_weight = float(dbt.config.get("match_weight"))
    strong_weight = float(dbt.config.get("strong_link_weight"))
    max_size = int(dbt.config.get("max_cluster_size"))
    cannot_link_weight = float(dbt.config.get("cannot_link_weight"))

    prepared = dbt.ref("int_customer_records_prepared")
    records = prepared.aggregate("count(*) as n, max(record_index) as top").fetchall()[0]
    n_records = int(records[0] or 0)
    if n_records and int(records[1]) != n_records:
        raise ValueError("record_index must number the records 1..n without gaps")
    # matches, and the pairs that are clearly different people (cannot-links for the weak-link rule)
    pairs = (
        dbt.ref("int_customer_pairs_scored")
        .filter(f"match_weight >= {match_weight} or match_weight <= {cannot_link_weight}")
        .project("left_index, right_index, match_weight")
        .fetchnumpy()
    )
    left = np.asarray(pairs["left_index"], dtype=np.int64) - 1
    right = np.asarray(pairs["right_index"], dtype=np.int64) - 1
    weight = np.asarray(pairs["match_weight"], dtype=float)

    # shared with the Spark build (cwh.spark.python_nodes)
    return linked_records_table(
        n_records, left, right, weight, match_weight, strong_weight, max_size, cannot_link_weight
    )
