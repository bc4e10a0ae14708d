"""Maximum-likelihood optimisation over log-parameters, shared by the BG/NBD and Gamma-Gamma fits.

The models' parameters are all strictly positive, so the optimiser works on ``log(theta)``, boxed to
``[LOG_LOWER, LOG_UPPER]`` which keeps every parameter away from 0 (and from overflow). The objective
is the weight-normalised negative log-likelihood with its analytic gradient; L-BFGS-B runs first and
bounded Nelder-Mead is the fallback. Failures are reported, never raised.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import OptimizeResult, minimize

from cwh.clv.inputs import FloatArray

# Parameters live in [1e-6, 1e6] on the (rescaled) data the optimiser sees.
LOG_LOWER = float(np.log(1e-6))
LOG_UPPER = float(np.log(1e6))
# A parameter this close (in log space) to a bound means the model has degenerated onto the boundary.
BOUND_TOLERANCE = 1e-3
# The objective is a mean log-likelihood (order 1), so these tolerances give ~7+ significant digits.
LBFGSB_OPTIONS = {"maxiter": 2000, "ftol": 1e-14, "gtol": 1e-9}
NELDER_MEAD_OPTIONS = {"maxiter": 20000, "maxfev": 40000, "xatol": 1e-9, "fatol": 1e-13}
# Gradient norm below which a line-search stop of L-BFGS-B is an optimum reached to machine precision.
GRADIENT_TOLERANCE = 1e-6

Objective = Callable[[FloatArray], tuple[float, FloatArray]]


@dataclass(frozen=True)
class OptimiserOutcome:
    """Where the optimiser stopped (log-parameters) and whether that is a trustworthy optimum."""

    log_params: FloatArray
    converged: bool
    iterations: int
    message: str


def minimise_log_params(objective: Objective, x0: Sequence[float], names: Sequence[str]) -> OptimiserOutcome:
    """Minimise ``objective(log_params) -> (value, gradient)``; never raises on optimiser failure."""
    start = np.clip(np.asarray(x0, dtype=np.float64), LOG_LOWER, LOG_UPPER)
    bounds = [(LOG_LOWER, LOG_UPPER)] * start.size
    first = _run(objective, start, bounds, "L-BFGS-B")
    if _accept(objective, first):
        return _outcome(first, first.nit, names, "L-BFGS-B")
    fallback_start = first.x if np.all(np.isfinite(first.x)) else start
    second = _run(objective, fallback_start, bounds, "Nelder-Mead")
    iterations = int(first.nit) + int(second.nit)
    if _accept(objective, second):
        return _outcome(second, iterations, names, f"Nelder-Mead after L-BFGS-B failed ({first.message})")
    message = f"did not converge: L-BFGS-B: {first.message}; Nelder-Mead: {second.message}"
    best = second if _finite_value(second) <= _finite_value(first) else first
    return OptimiserOutcome(best.x.copy(), False, iterations, message)


def _run(
    objective: Objective, start: FloatArray, bounds: list[tuple[float, float]], method: str
) -> OptimizeResult:
    try:
        with np.errstate(all="ignore"):
            if method == "L-BFGS-B":
                return minimize(
                    objective, start, jac=True, method=method, bounds=bounds, options=LBFGSB_OPTIONS
                )
            return minimize(
                lambda z: objective(z)[0], start, method=method, bounds=bounds, options=NELDER_MEAD_OPTIONS
            )
    except (ValueError, ArithmeticError, np.linalg.LinAlgError) as exc:
        message = f"{type(exc).__name__}: {exc}"
        return OptimizeResult(x=start.copy(), fun=np.inf, success=False, nit=0, message=message)


def _finite_value(result: OptimizeResult) -> float:
    value = float(result.fun)
    return value if np.isfinite(value) else np.inf


def _accept(objective: Objective, result: OptimizeResult) -> bool:
    """An optimum: finite, and either reported successful or stopped with a vanishing gradient."""
    if not (np.all(np.isfinite(result.x)) and np.isfinite(result.fun)):
        return False
    if result.success:
        return True
    with np.errstate(all="ignore"):
        _, gradient = objective(result.x)
    free = (result.x > LOG_LOWER + BOUND_TOLERANCE) & (result.x < LOG_UPPER - BOUND_TOLERANCE)
    return bool(np.all(np.isfinite(gradient)) and np.linalg.norm(gradient[free]) < GRADIENT_TOLERANCE)


def _outcome(result: OptimizeResult, iterations: int, names: Sequence[str], method: str) -> OptimiserOutcome:
    at_lower = result.x <= LOG_LOWER + BOUND_TOLERANCE
    at_upper = result.x >= LOG_UPPER - BOUND_TOLERANCE
    if at_lower.any() or at_upper.any():
        stuck = [name for name, hit in zip(names, at_lower | at_upper, strict=True) if hit]
        message = (
            f"{method} stopped with {', '.join(stuck)} at the parameter bound (1e-6 or 1e6 on the rescaled "
            "data): the data do not identify the model; treat the estimates as unreliable"
        )
        return OptimiserOutcome(result.x.copy(), False, int(iterations), message)
    detail = result.message if result.success else "stopped by the line search at a zero-gradient point"
    return OptimiserOutcome(result.x.copy(), True, int(iterations), f"{method}: {detail}")
