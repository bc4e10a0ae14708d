"""Validation and conversion of the per-customer inputs shared by the CLV models.

Every public model function funnels its array-like arguments through here so that bad data fails early
with a ``ValueError`` that says what was expected, instead of a NaN deep inside an optimiser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class DistinctValues:
    """The distinct values of an array and, for each element, where its value sits among them. A function
    of the value alone (a gamma function of the frequency) is then computed once per distinct value and
    spread back to the elements: the same numbers as computing it element by element."""

    values: FloatArray
    index: npt.NDArray[np.intp]

    @classmethod
    def of(cls, array: FloatArray) -> DistinctValues:
        values, index = np.unique(array, return_inverse=True)
        return cls(values, index.reshape(-1))

    def spread(self, per_value: FloatArray) -> FloatArray:
        """One number per distinct value (in the order of `values`) as one number per element."""
        return np.asarray(per_value)[self.index]


def as_float_array(values: Any, name: str) -> FloatArray:
    """Convert ``values`` (list, numpy array, pandas Series, scalar) to a float array with finite values."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric; could not convert it to floats ({exc})") from exc
    bad = ~np.isfinite(array)
    if bad.any():
        raise ValueError(f"{name} must be finite numbers; found {int(bad.sum())} NaN/infinite value(s)")
    return array


def require_non_negative(array: FloatArray, name: str, meaning: str) -> None:
    """Raise unless every value of ``array`` is >= 0."""
    negative = array < 0
    if negative.any():
        example = float(array[negative].flat[0])
        raise ValueError(
            f"{name} must be >= 0 ({meaning}); found {int(negative.sum())} negative value(s), e.g. {example}"
        )


def require_integer_valued(array: FloatArray, name: str) -> None:
    """Raise unless every value of ``array`` is a whole number."""
    fractional = array != np.round(array)
    if fractional.any():
        example = float(array[fractional].flat[0])
        raise ValueError(
            f"{name} must be whole numbers (a count of repeat purchase days); "
            f"found {int(fractional.sum())} fractional value(s), e.g. {example}"
        )


def require_non_empty(array: FloatArray, what: str) -> None:
    """Raise when there is nothing to fit on."""
    if array.size == 0:
        raise ValueError(f"empty input: {what} needs at least one customer (row), got 0")


def require_same_length(arrays: dict[str, FloatArray]) -> None:
    """Raise unless all arrays are one-dimensional with the same length."""
    for name, array in arrays.items():
        if array.ndim != 1:
            raise ValueError(
                f"{name} must be one-dimensional (one value per customer or cell), got shape {array.shape}"
            )
    lengths = {name: array.size for name, array in arrays.items()}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"inputs must have one value per customer (same length); got lengths {lengths}")


def check_rfm(frequency: Any, recency: Any, T: Any) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Validate and broadcast (frequency x, recency t_x, age T); returns float arrays of a common shape.

    Rules: all finite and >= 0, frequency whole, recency <= T, and recency == 0 when frequency == 0
    (a customer without repeat purchases has no last-repeat time).
    """
    x = as_float_array(frequency, "frequency")
    t_x = as_float_array(recency, "recency")
    age = as_float_array(T, "T")
    try:
        x, t_x, age = np.broadcast_arrays(x, t_x, age)
    except ValueError as exc:
        raise ValueError(f"frequency, recency and T must have matching shapes ({exc})") from exc
    require_non_negative(x, "frequency", "number of repeat purchase days")
    require_non_negative(t_x, "recency", "time from first to last purchase")
    require_non_negative(age, "T", "time from first purchase to the as-of date")
    require_integer_valued(x, "frequency")
    _require_recency_within_age(t_x, age)
    _require_zero_recency_without_repeats(x, t_x)
    return x, t_x, age


def check_weights(weights: Any, size: int) -> FloatArray:
    """Validate per-row weights (customer counts of aggregated cells); ``None`` means one customer per row."""
    if weights is None:
        return np.ones(size, dtype=np.float64)
    array = as_float_array(weights, "weights")
    require_same_length({"weights": array, "rows": np.empty(size)})
    require_non_negative(array, "weights", "number of customers in the cell")
    if array.sum() <= 0:
        raise ValueError("weights must sum to more than 0 (at least one customer); all weights are 0")
    return array


def customer_count(weights: FloatArray) -> int | float:
    """Sum of weights, as an int when the weights are whole customer counts."""
    total = float(weights.sum())
    return int(total) if total.is_integer() else total


def _require_recency_within_age(t_x: FloatArray, age: FloatArray) -> None:
    late = t_x > age
    if late.any():
        raise ValueError(
            "recency must be <= T for every customer (the last purchase cannot be after the as-of date); "
            f"{int(late.sum())} row(s) violate this, e.g. recency={float(t_x[late].flat[0])}, "
            f"T={float(age[late].flat[0])}"
        )


def _require_zero_recency_without_repeats(x: FloatArray, t_x: FloatArray) -> None:
    inconsistent = (x == 0) & (t_x != 0)
    if inconsistent.any():
        raise ValueError(
            "recency must be 0 for customers with frequency 0 (no repeat purchase: first = last purchase); "
            f"found {int(inconsistent.sum())} row(s) with frequency 0 and recency > 0"
        )
