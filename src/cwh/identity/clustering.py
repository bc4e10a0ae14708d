"""Clusters of records from scored pairs: connected components with a guard against chaining.

Plain connected components over every pair above the match threshold can chain: A-B and B-C match, so
A and C end up together even when nothing links them directly, and a few weak links on common values
(a shared family phone, a common name in one building) can glue different customers into one giant
cluster. The rule applied here (docs/identity-resolution.md, "Clustering"):

1. Strong links (match weight >= strong_weight) are trusted: their connected components are the cores.
2. Weak links (match_weight <= weight < strong_weight) are taken best first, and only attach a lone
   record: they never join two groups that both already have two or more records, and never attach a
   record to a group holding a record it clearly is not (a cannot-link: a candidate pair scored at or
   below cannot_link_weight). A sparse record (a name and a city) can so join one customer but not
   glue two different customers together through itself (guard action `weak_link_rejected`).
3. A group larger than max_cluster_size is split by removing its weakest links, lowest weight first,
   until every part is small enough (guard action `split_by_size`).

Each cluster also gets its weakest link: the lowest weight on the maximum spanning tree of its links,
i.e. the weight of the link whose removal would first split it (a single record has none).
Nodes are integers 0..n-1; a cluster is labelled by its smallest node.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree

GUARD_NONE = 0
GUARD_WEAK_LINK_REJECTED = 1
GUARD_SPLIT_BY_SIZE = 2
GUARD_LABELS = {
    GUARD_NONE: "none",
    GUARD_WEAK_LINK_REJECTED: "weak_link_rejected",
    GUARD_SPLIT_BY_SIZE: "split_by_size",
}


@dataclass(frozen=True)
class Clustering:
    """Per node: cluster label (the cluster's smallest node), guard action, the cluster's weakest link."""

    labels: np.ndarray
    guard: np.ndarray
    weakest_link: np.ndarray  # NaN for single-node clusters
    edges_used: np.ndarray  # boolean mask over the input edges that hold clusters together


def _min_label_components(n_nodes: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected components, each labelled by its smallest node."""
    graph = coo_matrix((np.ones(left.size, dtype=np.int8), (left, right)), shape=(n_nodes, n_nodes))
    _, component = connected_components(graph, directed=False)
    smallest = np.full(component.max() + 1 if n_nodes else 0, n_nodes, dtype=np.int64)
    np.minimum.at(smallest, component, np.arange(n_nodes))
    return smallest[component]


def _find(parent: np.ndarray, node: int) -> int:
    root = node
    while parent[root] != root:
        root = parent[root]
    while parent[node] != root:
        parent[node], node = root, parent[node]
    return root


def _attach_weak(
    labels: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
    weight: np.ndarray,
    cannot: dict[int, list[int]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Apply weak links best first under rule 2; returns new labels, accepted mask, rejected-touch mask."""
    n_nodes = labels.size
    parent = np.arange(n_nodes)
    size = np.zeros(n_nodes, dtype=np.int64)
    np.add.at(size, labels, 1)
    # start from the strong cores: every node points at its core's label
    parent[:] = labels
    accepted = np.zeros(left.size, dtype=bool)
    rejected_nodes = np.zeros(n_nodes, dtype=bool)
    order = np.lexsort((right, left, -weight))
    for i in order:
        a, b = _find(parent, int(left[i])), _find(parent, int(right[i]))
        if a == b:
            accepted[i] = True
            continue
        lone, group = (a, b) if size[a] == 1 else (b, a)
        # a lone record is its own root; its cannot-links must not reach the group it would join
        conflict = any(_find(parent, other) == group for other in cannot.get(int(lone), ()))
        if size[lone] == 1 and not conflict:
            keep, gone = (a, b) if a < b else (b, a)
            parent[gone] = keep
            size[keep] += size[gone]
            accepted[i] = True
        else:
            rejected_nodes[left[i]] = rejected_nodes[right[i]] = True
    # pointer jumping: every node ends up pointing at its root
    while True:
        grand = parent[parent]
        if np.array_equal(grand, parent):
            break
        parent = grand
    return parent, accepted, rejected_nodes


def _split_by_size(
    nodes: np.ndarray, left: np.ndarray, right: np.ndarray, weight: np.ndarray, max_size: int
) -> list[np.ndarray]:
    """Split one group (nodes, its edges) by dropping its lowest-weight links until parts are <= max_size."""
    if nodes.size <= max_size or left.size == 0:
        return [nodes]
    keep = weight > weight.min()
    local = {int(node): i for i, node in enumerate(nodes)}
    li = np.array([local[int(x)] for x in left[keep]], dtype=np.int64)
    ri = np.array([local[int(x)] for x in right[keep]], dtype=np.int64)
    labels = _min_label_components(nodes.size, li, ri)
    parts: list[np.ndarray] = []
    for label in np.unique(labels):
        members = nodes[labels == label]
        in_part = np.isin(left[keep], members)
        parts.extend(_split_by_size(members, left[keep][in_part], right[keep][in_part], weight[keep][in_part],
                                    max_size))
    return parts


def _weakest_links(n_nodes: int, labels: np.ndarray, left: np.ndarray, right: np.ndarray,
                   weight: np.ndarray) -> np.ndarray:
    """Lowest weight on each cluster's maximum spanning tree, spread to the cluster's nodes."""
    weakest = np.full(n_nodes, np.nan)
    inside = labels[left] == labels[right]
    if not inside.any():
        return weakest
    lo, hi, w = left[inside], right[inside], weight[inside]
    # maximum spanning tree = minimum spanning tree of (offset - weight), all entries > 0
    cost = (w.max() + 1.0) - w
    tree = minimum_spanning_tree(coo_matrix((cost, (lo, hi)), shape=(n_nodes, n_nodes))).tocoo()
    tree_weight = (w.max() + 1.0) - tree.data
    per_label = np.full(n_nodes, np.inf)
    np.minimum.at(per_label, labels[tree.row], tree_weight)
    weakest = per_label[labels]
    weakest[np.isinf(weakest)] = np.nan
    return weakest


def cluster_records(
    n_nodes: int,
    left: np.ndarray,
    right: np.ndarray,
    weight: np.ndarray,
    match_weight: float,
    strong_weight: float,
    max_cluster_size: int,
    cannot_link_weight: float | None = None,
) -> Clustering:
    """Cluster nodes 0..n_nodes-1 from scored pairs (left, right, weight) under the guard rules above.

    Pairs below match_weight are only used as cannot-links (weight <= cannot_link_weight, when given)."""
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    weight = np.asarray(weight, dtype=float)
    if strong_weight < match_weight:
        raise ValueError("strong_weight must be >= match_weight")
    if cannot_link_weight is not None and cannot_link_weight >= match_weight:
        raise ValueError("cannot_link_weight must be below match_weight")
    if max_cluster_size < 2:
        raise ValueError("max_cluster_size must be at least 2")
    matched = weight >= match_weight
    strong = weight >= strong_weight
    guard = np.zeros(n_nodes, dtype=np.int8)

    labels = _min_label_components(n_nodes, left[strong], right[strong])
    weak = matched & ~strong
    used = strong.copy()
    if weak.any():
        cannot: dict[int, list[int]] = {}
        if cannot_link_weight is not None:
            # only records a weak link touches can be attached, so only their cannot-links matter
            weak_nodes = np.unique(np.concatenate([left[weak], right[weak]]))
            touched = np.isin(left, weak_nodes) | np.isin(right, weak_nodes)
            against = (weight <= cannot_link_weight) & touched
            for a, b in zip(left[against].tolist(), right[against].tolist(), strict=True):
                cannot.setdefault(a, []).append(b)
                cannot.setdefault(b, []).append(a)
        weak_index = np.flatnonzero(weak)
        labels, accepted, rejected_nodes = _attach_weak(labels, left[weak], right[weak], weight[weak], cannot)
        used[weak_index[accepted]] = True
        # a rejected weak link marks both groups it would have joined
        rejected_labels = np.unique(labels[rejected_nodes])
        guard[np.isin(labels, rejected_labels)] = GUARD_WEAK_LINK_REJECTED
        labels = _relabel_min(labels)

    sizes = np.bincount(labels, minlength=n_nodes)
    oversized = np.flatnonzero(sizes > max_cluster_size)
    if oversized.size:
        for label in oversized:
            nodes = np.flatnonzero(labels == label)
            in_group = used & (labels[left] == label) & (labels[right] == label)
            parts = _split_by_size(nodes, left[in_group], right[in_group], weight[in_group], max_cluster_size)
            for part in parts:
                labels[part] = part.min()
            guard[nodes] = GUARD_SPLIT_BY_SIZE
        used &= labels[left] == labels[right]

    weakest = _weakest_links(n_nodes, labels, left[used], right[used], weight[used])
    return Clustering(labels=labels, guard=guard, weakest_link=weakest, edges_used=used)


def _relabel_min(labels: np.ndarray) -> np.ndarray:
    """Relabel groups so each is named by its smallest node."""
    n_nodes = labels.size
    smallest = np.full(n_nodes, n_nodes, dtype=np.int64)
    np.minimum.at(smallest, labels, np.arange(n_nodes))
    return smallest[labels]


def linked_records_table(
    n_records: int,
    left: np.ndarray,
    right: np.ndarray,
    weight: np.ndarray,
    match_weight: float,
    strong_weight: float,
    max_size: int,
    cannot_link_weight: float,
) -> pa.Table:
    """The rows of model int_customer_records_linked from the scored pairs (0-based record indexes of
    matches and cannot-links), on every engine: the DuckDB model and the Spark build both call it."""
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
