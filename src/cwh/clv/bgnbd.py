"""BG/NBD purchase-frequency model (Fader, Hardie & Lee 2005, "Counting your customers the easy way").

While alive a customer buys as a Poisson process with rate lambda ~ Gamma(r, alpha); after every repeat
purchase they drop out for good with probability p ~ Beta(a, b). Per customer we observe the number of
repeat purchases x, the time of the last one t_x and the age T (all in one time unit, days in the
warehouse). The likelihood (paper eq. 6, section 7 for the log form) is

    L = B(a, b + x) / B(a, b) * Gamma(r + x) alpha^r / (Gamma(r) (alpha + T)^(r + x))
        + [x > 0] B(a + 1, b + x - 1) / B(a, b) * Gamma(r + x) alpha^r / (Gamma(r) (alpha + t_x)^(r + x))

It depends on a customer only through (x, t_x, T), so customers sharing a cell are fitted once with a
weight: the cost scales with the number of distinct cells, not with the number of customers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from scipy.special import digamma, expit, gammaln, hyp2f1

from cwh.clv.inputs import (
    DistinctValues,
    FloatArray,
    check_rfm,
    check_weights,
    customer_count,
    require_non_empty,
    require_same_length,
)
from cwh.clv.mle import minimise_log_params

PARAMETER_NAMES = ("r", "alpha", "a", "b")
NO_REPEAT_BUYERS = "no customer has a repeat purchase (all frequency = 0): the parameters are not identified"


@dataclass(frozen=True)
class BgNbdFit:
    """Fitted BG/NBD parameters; ``alpha`` is in the time unit of the recency/T the model was fitted on."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    n_customers: int | float
    converged: bool
    iterations: int
    message: str

    def params(self) -> dict[str, float]:
        """The four parameters by name."""
        return {"r": self.r, "alpha": self.alpha, "a": self.a, "b": self.b}


@dataclass(frozen=True)
class _Cells:
    """Validated fitting data: one row per customer or per aggregated (x, t_x, T) cell."""

    x: FloatArray
    t_x: FloatArray
    age: FloatArray
    weight: FloatArray

    def rescaled(self, factor: float) -> _Cells:
        return _Cells(self.x, self.t_x * factor, self.age * factor, self.weight)

    @cached_property
    def distinct_x(self) -> DistinctValues:
        """The frequencies' distinct values: a few hundred for hundreds of thousands of cells."""
        return DistinctValues.of(self.x)


def fit_bgnbd(frequency: Any, recency: Any, T: Any, weights: Any = None) -> BgNbdFit:
    """Fit the BG/NBD model by maximum likelihood.

    Args:
        frequency: repeat purchase count x per customer (or per cell), whole numbers >= 0.
        recency: time t_x from first to last purchase, 0 when x = 0, <= T.
        T: time from first purchase to the as-of date, same unit as recency.
        weights: number of customers per row when rows are aggregated (x, t_x, T) cells; default 1 each.

    Returns:
        ``BgNbdFit``; ``converged`` is False (not an exception) when the optimiser failed or a parameter
        ran onto its bound. ``log_likelihood`` is the weighted total in the input time unit.

    Raises:
        ValueError: empty input, mismatched lengths, negative/non-finite values, fractional frequency,
            recency > T, recency > 0 with frequency 0, or all-zero T.
    """
    cells = _validated_cells(frequency, recency, T, weights)
    scale = 1.0 / float(cells.age.max())  # the optimiser sees ages in (0, 1]: alpha is then of order 1
    scaled = cells.rescaled(scale)
    total_weight = float(cells.weight.sum())

    def objective(log_params: FloatArray) -> tuple[float, FloatArray]:
        log_lik, gradient = _log_likelihood_and_gradient(np.exp(log_params), scaled)
        return -log_lik / total_weight, -gradient / total_weight

    outcome = minimise_log_params(objective, np.zeros(4), PARAMETER_NAMES)
    r, alpha_scaled, a, b = np.exp(outcome.log_params)
    alpha = float(alpha_scaled / scale)
    log_lik, _ = _log_likelihood_and_gradient(np.array([r, alpha, a, b]), cells)
    converged, message = outcome.converged and bool(np.isfinite(log_lik)), outcome.message
    if not np.any((cells.x > 0) & (cells.weight > 0)):
        converged, message = False, f"{NO_REPEAT_BUYERS}; {message}"
    return BgNbdFit(
        r=float(r),
        alpha=alpha,
        a=float(a),
        b=float(b),
        log_likelihood=float(log_lik),
        n_customers=customer_count(cells.weight),
        converged=converged,
        iterations=outcome.iterations,
        message=message,
    )


def bgnbd_log_likelihood(fit: BgNbdFit, frequency: Any, recency: Any, T: Any, weights: Any = None) -> float:
    """Weighted total log-likelihood of data under fitted (or hand-set) parameters."""
    cells = _validated_cells(frequency, recency, T, weights, require_positive_age=False)
    log_lik, _ = _log_likelihood_and_gradient(np.array([fit.r, fit.alpha, fit.a, fit.b]), cells)
    return float(log_lik)


def expected_purchases(fit: BgNbdFit, t: Any, frequency: Any, recency: Any, T: Any) -> FloatArray:
    """Conditional expected number of purchases in (T, T + t] given the history (paper eq. 10).

    E[Y(t) | x, t_x, T] = (a + b + x - 1) / (a - 1)
        * (1 - ((alpha + T) / (alpha + T + t))^(r + x) * 2F1(r + x, b + x; a + b + x - 1; z))
        / (1 + [x > 0] a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x)),
    with z = t / (alpha + T + t).

    All arguments broadcast (numpy rules); ``t`` in the fit's time unit, >= 0.
    """
    x, t_x, age = check_rfm(frequency, recency, T)
    horizon = np.asarray(t, dtype=np.float64)
    if not np.all(np.isfinite(horizon)) or np.any(horizon < 0):
        raise ValueError("t (the prediction horizon) must be finite and >= 0")
    x, t_x, age, horizon = np.broadcast_arrays(x, t_x, age, horizon)
    r, alpha, a, b = fit.r, fit.alpha, fit.a, fit.b
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = (alpha + age) / (alpha + age + horizon)
        survival_term = _hypergeometric_term(r + x, b + x, a + b + x - 1, 1.0 - ratio, ratio, a)
        numerator = (a + b + x - 1) / (a - 1) * (1.0 - survival_term)
        return numerator / (1.0 + np.exp(_log_dropout_odds(fit, x, t_x, age)))


def probability_alive(fit: BgNbdFit, frequency: Any, recency: Any, T: Any) -> FloatArray:
    """P(alive at T | x, t_x, T) = 1 / (1 + [x > 0] a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x)).

    Exactly 1 for x = 0: in the BG/NBD a customer can only drop out right after a repeat purchase.
    """
    x, t_x, age = check_rfm(frequency, recency, T)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return expit(-_log_dropout_odds(fit, x, t_x, age))


def _validated_cells(
    frequency: Any, recency: Any, T: Any, weights: Any, require_positive_age: bool = True
) -> _Cells:
    x, t_x, age = check_rfm(frequency, recency, T)
    require_same_length({"frequency": x, "recency": t_x, "T": age})
    require_non_empty(x, "fit_bgnbd")
    if require_positive_age and age.max() <= 0:
        raise ValueError(
            "T must be > 0 for at least one customer: all customers first bought on the as-of date"
        )
    return _Cells(x, t_x, age, check_weights(weights, x.size))


def _log_dropout_odds(fit: BgNbdFit, x: FloatArray, t_x: FloatArray, age: FloatArray) -> FloatArray:
    """log of a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x); -inf when x = 0."""
    repeat = x > 0
    x_safe = np.maximum(x, 1.0)
    log_odds = (
        np.log(fit.a) - np.log(fit.b + x_safe - 1.0)
        + (fit.r + x) * (np.log(fit.alpha + age) - np.log(fit.alpha + t_x))
    )
    return np.where(repeat, log_odds, -np.inf)


def _hypergeometric_term(
    a_: FloatArray, b_: FloatArray, c_: FloatArray, z: FloatArray, ratio: FloatArray, a: float
) -> FloatArray:
    """ratio^(r + x) * 2F1(a_, b_; c_; z), with ratio = 1 - z and a_ = r + x.

    Where 2F1 overflows (z near 1), use Euler's transformation 2F1(a_, b_; c_; z) =
    (1 - z)^(c_ - a_ - b_) 2F1(c_ - a_, c_ - b_; c_; z), which turns the product into
    ratio^(a - 1) * 2F1(c_ - a_, c_ - b_; c_; z).
    """
    direct = np.power(ratio, a_) * hyp2f1(a_, b_, c_, z)
    needs_euler = ~np.isfinite(direct)
    if not needs_euler.any():
        return direct
    euler = np.power(ratio, a - 1.0) * hyp2f1(c_ - a_, c_ - b_, c_, z)
    return np.where(needs_euler, euler, direct)


def _log_likelihood_and_gradient(params: FloatArray, cells: _Cells) -> tuple[float, FloatArray]:
    """Weighted total log-likelihood (paper section 7) and its gradient w.r.t. log(r, alpha, a, b).

    The optimiser calls this about 20 times a fit. Every term that depends on a cell only through x
    (the gamma and digamma functions) is computed once per distinct x and spread to the cells
    (DistinctValues.spread): the same operations on the same numbers, so the same result to the bit.
    """
    r, alpha, a, b = params
    x, t_x, age, weight = cells.x, cells.t_x, cells.age, cells.weight
    xs = cells.distinct_x
    spread, x_values = xs.spread, xs.values
    repeat = x > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        log_alpha_age, log_alpha_t_x = np.log(alpha + age), np.log(alpha + t_x)
        a1 = spread(gammaln(r + x_values) - gammaln(r) + r * np.log(alpha))
        a2 = spread(gammaln(a + b) + gammaln(b + x_values) - gammaln(b) - gammaln(a + b + x_values))
        a3 = -(r + x) * log_alpha_age
        b_x = b + np.maximum(x_values, 1.0) - 1.0  # b + x - 1, with x >= 1
        a4 = np.where(repeat, np.log(a) - spread(np.log(b_x)) - (r + x) * log_alpha_t_x, -np.inf)
        peak = np.maximum(a3, a4)
        alive_share = np.exp(a3 - peak)
        dropped_share = np.exp(a4 - peak)
        total_share = alive_share + dropped_share
        per_row = a1 + a2 + peak + np.log(total_share)
        alive_share /= total_share
        dropped_share /= total_share
    d_r = (
        spread(digamma(r + x_values) - digamma(r) + np.log(alpha))
        - alive_share * log_alpha_age - dropped_share * log_alpha_t_x
    )
    d_alpha = r / alpha - (r + x) * (alive_share / (alpha + age) + dropped_share / (alpha + t_x))
    digamma_a_b_x = digamma(a + b + x_values)
    d_a = spread(digamma(a + b) - digamma_a_b_x) + dropped_share / a
    d_b = (
        spread(digamma(a + b) + digamma(b + x_values) - digamma(b) - digamma_a_b_x)
        - dropped_share / spread(b_x)
    )
    gradient = np.array([d_r @ weight * r, d_alpha @ weight * alpha, d_a @ weight * a, d_b @ weight * b])
    return float(per_row @ weight), gradient
