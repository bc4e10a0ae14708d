"""Clustering of matched pairs (cwh.identity.clustering) on small hand-made graphs whose right answer is
known: plain components, the weak-link rule, the size guard and the weakest link."""

from __future__ import annotations

import numpy as np
import pytest

from cwh.identity.clustering import (
    GUARD_NONE,
    GUARD_SPLIT_BY_SIZE,
    GUARD_WEAK_LINK_REJECTED,
    cluster_records,
)

MATCH, STRONG = 3.0, 10.0


def run(n: int, edges: list[tuple[int, int, float]], max_size: int = 10, cannot_link: float | None = None):
    left = np.array([e[0] for e in edges], dtype=np.int64)
    right = np.array([e[1] for e in edges], dtype=np.int64)
    weight = np.array([e[2] for e in edges], dtype=float)
    return cluster_records(n, left, right, weight, MATCH, STRONG, max_size, cannot_link)


def groups(labels: np.ndarray) -> set[frozenset[int]]:
    return {frozenset(np.flatnonzero(labels == label).tolist()) for label in np.unique(labels)}


def test_strong_links_form_components_labelled_by_smallest_node() -> None:
    result = run(6, [(0, 1, 20.0), (1, 2, 15.0), (4, 5, 12.0)])
    assert groups(result.labels) == {frozenset({0, 1, 2}), frozenset({3}), frozenset({4, 5})}
    assert result.labels.tolist() == [0, 0, 0, 3, 4, 4]
    assert (result.guard == GUARD_NONE).all()


def test_pairs_below_the_match_weight_are_ignored() -> None:
    result = run(3, [(0, 1, 2.9), (1, 2, -5.0)])
    assert groups(result.labels) == {frozenset({0}), frozenset({1}), frozenset({2})}
    assert np.isnan(result.weakest_link).all()


def test_weak_link_attaches_a_lone_record() -> None:
    # 2 is a sparse record: only a weak match to 1
    result = run(3, [(0, 1, 20.0), (1, 2, 5.0)])
    assert groups(result.labels) == {frozenset({0, 1, 2})}
    assert result.weakest_link[0] == pytest.approx(5.0)


def test_weak_link_never_joins_two_multi_record_customers() -> None:
    # {0,1} and {2,3} are strong customers; a weak 1-2 link (a shared common value) must not chain them
    result = run(4, [(0, 1, 20.0), (2, 3, 18.0), (1, 2, 6.0)])
    assert groups(result.labels) == {frozenset({0, 1}), frozenset({2, 3})}
    assert (result.guard == GUARD_WEAK_LINK_REJECTED).all()
    assert not result.edges_used[2]


def test_sparse_record_does_not_glue_two_different_people() -> None:
    # two 王芳 in one city who clearly differ (-7), and a third record with only the name and the city,
    # weakly matching both: it may join one of them, never put them together
    edges = [(0, 2, 3.7), (1, 2, 3.7), (0, 1, -7.2)]
    result = run(3, edges, cannot_link=-5.0)
    assert result.labels[0] != result.labels[1]
    assert result.labels[2] == result.labels[0]
    assert (result.guard == GUARD_WEAK_LINK_REJECTED).all()
    # without the cannot-link the chain closes
    assert groups(run(3, edges).labels) == {frozenset({0, 1, 2})}


def test_lone_record_with_two_weak_candidates_goes_to_the_best() -> None:
    result = run(5, [(0, 1, 20.0), (2, 3, 20.0), (4, 1, 4.0), (4, 3, 8.0)])
    assert groups(result.labels) == {frozenset({0, 1}), frozenset({2, 3, 4})}


def test_oversized_cluster_is_split_at_its_weakest_links() -> None:
    # two strong triangles joined by one strong-but-weaker bridge; max size 3 cuts the bridge
    edges = [(0, 1, 30.0), (1, 2, 30.0), (0, 2, 30.0), (3, 4, 30.0), (4, 5, 30.0), (3, 5, 30.0), (2, 3, 12.0)]
    result = run(6, edges, max_size=3)
    assert groups(result.labels) == {frozenset({0, 1, 2}), frozenset({3, 4, 5})}
    assert (result.guard == GUARD_SPLIT_BY_SIZE).all()
    assert result.weakest_link[0] == pytest.approx(30.0)
    # without the size guard the bridge holds them together and is the weakest link
    whole = run(6, edges, max_size=10)
    assert groups(whole.labels) == {frozenset(range(6))}
    assert whole.weakest_link[0] == pytest.approx(12.0)


def test_weakest_link_is_the_bottleneck_of_the_maximum_spanning_tree() -> None:
    # a square with one weak side: the spanning tree avoids the 11, so the weakest link is 15
    result = run(4, [(0, 1, 20.0), (1, 2, 15.0), (2, 3, 25.0), (3, 0, 11.0)])
    assert result.weakest_link.tolist() == pytest.approx([15.0] * 4)


def test_invalid_thresholds_are_rejected() -> None:
    with pytest.raises(ValueError, match="strong_weight"):
        cluster_records(2, np.array([0]), np.array([1]), np.array([5.0]), 10.0, 3.0, 5)
    with pytest.raises(ValueError, match="max_cluster_size"):
        cluster_records(2, np.array([0]), np.array([1]), np.array([5.0]), 3.0, 10.0, 1)
    with pytest.raises(ValueError, match="cannot_link_weight"):
        cluster_records(2, np.array([0]), np.array([1]), np.array([5.0]), 3.0, 10.0, 5, 4.0)
