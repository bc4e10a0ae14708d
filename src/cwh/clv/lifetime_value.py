"""Discounted customer lifetime value from a BG/NBD fit (how often) and a Gamma-Gamma fit (how much).

With step boundaries t_k = min(k * step_days, horizon_days), k = 1..K, K = ceil(horizon_days / step_days):

    CLV = E[Z | x, m] * sum_k (E[Y(t_k)] - E[Y(t_{k-1})]) / (1 + d)^(t_k / 365)

where E[Y(t)] is the BG/NBD conditional expected number of purchases in the next t days, E[Z | x, m] the
Gamma-Gamma expected spend per purchase day and d the annual discount rate: each step's purchases are
discounted at the end of the step. When horizon_days is a multiple of step_days = 30 this is exactly
lifetimes' ``customer_lifetime_value(..., time=K, discount_rate=(1 + d)^(30 / 365) - 1, freq="D")``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from cwh.clv.bgnbd import BgNbdFit, expected_purchases
from cwh.clv.gamma_gamma import GammaGammaFit, expected_average_order_value
from cwh.clv.inputs import FloatArray

DAYS_PER_YEAR = 365.0


def customer_lifetime_value(
    bg: BgNbdFit,
    gg: GammaGammaFit,
    frequency: Any,
    recency: Any,
    T: Any,
    monetary: Any,
    horizon_days: float = 365,
    discount_rate_annual: float = 0.1,
    step_days: float = 30,
) -> FloatArray:
    """Discounted expected spend of each customer over the next ``horizon_days`` (see module docstring).

    ``bg`` must have been fitted with recency and T in days. Arguments broadcast; the result has the
    broadcast shape of the customer inputs.
    """
    boundaries = step_boundaries(horizon_days, step_days)
    if not (math.isfinite(discount_rate_annual) and discount_rate_annual > -1):
        raise ValueError(
            f"discount_rate_annual must be a finite rate > -1 (0.1 = 10%), got {discount_rate_annual}"
        )
    order_value = expected_average_order_value(gg, frequency, monetary)
    cumulative = [expected_purchases(bg, t, frequency, recency, T) for t in boundaries]
    previous = np.zeros_like(cumulative[0])
    value = np.zeros_like(cumulative[0])
    for t_k, purchases_by_t_k in zip(boundaries, cumulative, strict=True):
        value = value + (purchases_by_t_k - previous) / (1.0 + discount_rate_annual) ** (t_k / DAYS_PER_YEAR)
        previous = purchases_by_t_k
    return order_value * value


def step_boundaries(horizon_days: float, step_days: float) -> list[float]:
    """Ends of the discounting steps: step_days, 2 step_days, ..., with the last one cut at horizon_days."""
    for name, value in (("horizon_days", horizon_days), ("step_days", step_days)):
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a finite number of days > 0, got {value}")
    n_steps = math.ceil(horizon_days / step_days - 1e-9)
    return [min(k * step_days, horizon_days) for k in range(1, n_steps + 1)]
