"""Clusters of customer records: connected components over the matched pairs, with the guard against
chained giant clusters (cwh.identity.clustering; docs/identity-resolution.md, "Clustering").

One row per record (record_index of int_customer_records_prepared): its cluster (the smallest
record_index in it), the cluster's size, the guard action applied, the cluster's weakest link (lowest
match weight on its maximum spanning tree), and the record's best link inside its cluster.
"""

import numpy as np
import pyarrow as pa

from cwh.identity import GUARD_LABELS, cluster_records


def model(dbt, session):
    match_weight = float(dbt.config.get("match_weight"))
    strong_weight = float(dbt.config.get("strong_link_weight"))
    max_size = int(dbt.config.get("max_cluster_size"))
    cannot_link_weight = float(dbt.config.get("cannot_link_weight"))

    prepared = dbt.ref("int_customer_records_prepared")
    records = prepared.aggregate("count(*) as n, max(record_index) as top").fetchone()
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

    result = cluster_records(
        n_records, left, right, weight, match_weight, strong_weight, max_size, cannot_link_weight
    )
    labels = result.labels
    sizes = np.bincount(labels, minlength=n_records)[labels] if n_records else np.zeros(0, dtype=np.int64)

    # best link of each record to another record of its own cluster
    same = (labels[left] == labels[right]) & (weight >= match_weight)
    ends = np.concatenate([left[same], right[same]])
    others = np.concatenate([right[same], left[same]])
    weights = np.concatenate([weight[same], weight[same]])
    order = np.lexsort((others, -weights, ends))
    ends, others, weights = ends[order], others[order], weights[order]
    first = np.ones(ends.size, dtype=bool)
    first[1:] = ends[1:] != ends[:-1]
    linked_to = np.full(n_records, -1, dtype=np.int64)
    link_weight = np.full(n_records, np.nan)
    linked_to[ends[first]] = others[first]
    link_weight[ends[first]] = weights[first]

    guard = pa.DictionaryArray.from_arrays(
        pa.array(result.guard.astype(np.int32)), pa.array([GUARD_LABELS[k] for k in sorted(GUARD_LABELS)])
    ).cast(pa.string())
    return pa.table(
        {
            "record_index": pa.array(np.arange(1, n_records + 1, dtype=np.int64)),
            "cluster_index": pa.array(labels + 1),
            "cluster_size": pa.array(sizes.astype(np.int64)),
            "guard_action": guard,
            "cluster_weakest_link_weight": pa.array(result.weakest_link, from_pandas=True),
            "linked_to_index": pa.array(linked_to + 1, mask=linked_to < 0),
            "link_match_weight": pa.array(link_weight, from_pandas=True),
        }
    )
