"""Deterministic demo data generator: raw customer, order and feedback files from three overlapping
source systems, with injected defects and a ground truth (`python -m cwh generate`).

    from cwh.generate import generate_dataset
    result = generate_dataset("data/raw", customers=5_000, seed=42)
"""

from cwh.generate.contract import ENTITIES, ENTITY_COLUMNS
from cwh.generate.dataset import GenerateConfig, GenerateResult, generate_dataset
from cwh.generate.defects import DEFECT_RATES

__all__ = [
    "DEFECT_RATES",
    "ENTITIES",
    "ENTITY_COLUMNS",
    "GenerateConfig",
    "GenerateResult",
    "generate_dataset",
]
