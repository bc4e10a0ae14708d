"""Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves").

Formulas as in Hardie's note 025, "The Gamma-Gamma model of monetary value".

A customer's spend per purchase day is Gamma(p, nu) with mean p / nu, and nu ~ Gamma(q, v) across
customers. Given x repeat purchase days with mean spend m, the likelihood of m is

    L = Gamma(p x + q) / (Gamma(p x) Gamma(q)) * v^q * m^(p x - 1) * x^(p x) / (v + x m)^(p x + q)

The model assumes spend is independent of purchase frequency and is fitted on repeat buyers only
(x > 0): with x = 0 there is no repeat spend to learn from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from scipy.special import digamma, gammaln

from cwh.clv.inputs import (
    DistinctValues,
    FloatArray,
    as_float_array,
    check_weights,
    customer_count,
    require_non_empty,
    require_non_negative,
    require_same_length,
)
from cwh.clv.mle import minimise_log_params

PARAMETER_NAMES = ("p", "q", "v")


@dataclass(frozen=True)
class GammaGammaFit:
    """Fitted Gamma-Gamma parameters; ``v`` is in the currency unit of the monetary values."""

    p: float
    q: float
    v: float
    log_likelihood: float
    n_customers: int | float
    converged: bool
    iterations: int
    message: str

    def params(self) -> dict[str, float]:
        """The three parameters by name."""
        return {"p": self.p, "q": self.q, "v": self.v}

    @property
    def population_mean(self) -> float:
        """Mean spend per purchase day across customers, p v / (q - 1); NaN when q <= 1 (infinite mean)."""
        return self.p * self.v / (self.q - 1.0) if self.q > 1.0 else float("nan")


@dataclass(frozen=True)
class _SpendRows:
    x: FloatArray
    m: FloatArray
    weight: FloatArray

    @cached_property
    def distinct_x(self) -> DistinctValues:
        """The frequencies' distinct values: a few hundred for hundreds of thousands of rows."""
        return DistinctValues.of(self.x)

    @cached_property
    def log_m(self) -> FloatArray:
        return np.log(self.m)


def fit_gamma_gamma(frequency: Any, monetary: Any, weights: Any = None) -> GammaGammaFit:
    """Fit the Gamma-Gamma model by maximum likelihood on the repeat buyers.

    Args:
        frequency: repeat purchase days x per customer (or per aggregated row), >= 0. Rows with x = 0
            carry no spend information and are skipped (they are not counted in ``n_customers``).
        monetary: mean spend m per repeat purchase day; must be > 0 where x > 0.
        weights: number of customers per row for aggregated (x, m) rows; default 1 each.

    Returns:
        ``GammaGammaFit``; ``converged`` is False (not an exception) when the optimiser failed.

    Raises:
        ValueError: empty input, no repeat buyers, mismatched lengths, negative/non-finite values, or a
            repeat buyer with monetary value 0.
    """
    rows = _validated_rows(frequency, monetary, weights)
    scale = 1.0 / float(np.average(rows.m, weights=rows.weight))  # optimiser sees spend of order 1
    scaled = _SpendRows(rows.x, rows.m * scale, rows.weight)
    total_weight = float(rows.weight.sum())

    def objective(log_params: FloatArray) -> tuple[float, FloatArray]:
        log_lik, gradient = _log_likelihood_and_gradient(np.exp(log_params), scaled)
        return -log_lik / total_weight, -gradient / total_weight

    outcome = minimise_log_params(objective, np.zeros(3), PARAMETER_NAMES)
    p, q, v_scaled = np.exp(outcome.log_params)
    v = float(v_scaled / scale)
    log_lik, _ = _log_likelihood_and_gradient(np.array([p, q, v]), rows)
    return GammaGammaFit(
        p=float(p),
        q=float(q),
        v=v,
        log_likelihood=float(log_lik),
        n_customers=customer_count(rows.weight),
        converged=outcome.converged and bool(np.isfinite(log_lik)),
        iterations=outcome.iterations,
        message=outcome.message,
    )


def expected_average_order_value(fit: GammaGammaFit, frequency: Any, monetary: Any) -> FloatArray:
    """Conditional expected spend per purchase day, E[Z | x, m] = p (v + x m) / (p x + q - 1).

    This is the weighted average of the population mean p v / (q - 1) and the customer's own mean m,
    with weight p x / (p x + q - 1) on m; for x = 0 it is the population mean. NaN where p x + q <= 1
    (the posterior mean is infinite). Arguments broadcast.
    """
    x = as_float_array(frequency, "frequency")
    m = as_float_array(monetary, "monetary")
    require_non_negative(x, "frequency", "number of repeat purchase days")
    require_non_negative(m, "monetary", "mean spend per repeat purchase day")
    x, m = np.broadcast_arrays(x, m)
    denominator = fit.p * x + fit.q - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        value = fit.p * (fit.v + x * m) / denominator
    return np.where(denominator > 0, value, np.nan)


def _validated_rows(frequency: Any, monetary: Any, weights: Any) -> _SpendRows:
    x = as_float_array(frequency, "frequency")
    m = as_float_array(monetary, "monetary")
    require_same_length({"frequency": x, "monetary": m})
    require_non_empty(x, "fit_gamma_gamma")
    require_non_negative(x, "frequency", "number of repeat purchase days")
    require_non_negative(m, "monetary", "mean spend per repeat purchase day")
    weight = check_weights(weights, x.size)
    repeat = (x > 0) & (weight > 0)
    if not repeat.any():
        raise ValueError("fit_gamma_gamma needs at least one repeat buyer (frequency > 0); found none")
    zero_spend = repeat & (m <= 0)
    if zero_spend.any():
        raise ValueError(
            "monetary must be > 0 for customers with frequency > 0 (the Gamma-Gamma model needs positive "
            f"spend); found {int(zero_spend.sum())} such row(s): filter them out or fix the amounts"
        )
    return _SpendRows(x[repeat], m[repeat], weight[repeat])


def _log_likelihood_and_gradient(params: FloatArray, rows: _SpendRows) -> tuple[float, FloatArray]:
    """Weighted total log-likelihood (note 025 eq. 1a) and its gradient w.r.t. log(p, q, v).

    The terms that depend on a row only through x (the gamma and digamma functions, log x) are computed
    once per distinct x and spread to the rows, and log m once per fit: the same operations on the same
    numbers, so the same result to the bit.
    """
    p, q, v = params
    x, m, weight = rows.x, rows.m, rows.weight
    xs = rows.distinct_x
    spread, px_values, log_x_values = xs.spread, p * xs.values, np.log(xs.values)
    digamma_px_q = digamma(px_values + q)
    px = p * x
    log_m = rows.log_m
    pooled = x * m + v
    log_pooled = np.log(pooled)
    per_row = (
        spread(gammaln(px_values + q) - gammaln(px_values) - gammaln(q) + q * np.log(v))
        + (px - 1.0) * log_m + spread(px_values * log_x_values) - (px + q) * log_pooled
    )
    d_p = x * (spread(digamma_px_q - digamma(px_values)) + log_m + spread(log_x_values) - log_pooled)
    d_q = spread(digamma_px_q - digamma(q) + np.log(v)) - log_pooled
    d_v = q / v - (px + q) / pooled
    gradient = np.array([d_p @ weight * p, d_q @ weight * q, d_v @ weight * v])
    return float(per_row @ weight), gradient
