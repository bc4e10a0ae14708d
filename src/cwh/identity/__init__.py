"""Identity resolution helpers called by the dbt Python models of models/intermediate/identity.

- fellegi_sunter: m/u probabilities and match weights estimated by EM over comparison-pattern counts;
- clustering: connected components over matched pairs with the guard against chained giant clusters.

SQL does the heavy lifting (blocking, comparisons, id assignment); these modules hold the parts SQL
cannot express well, as plain functions of numpy arrays so they are unit-tested without dbt.
"""

from cwh.identity.clustering import GUARD_LABELS, Clustering, cluster_records
from cwh.identity.fellegi_sunter import (
    FellegiSunterFit,
    default_m,
    fit_fellegi_sunter,
    level_frequencies,
    match_probability,
)

__all__ = [
    "GUARD_LABELS",
    "Clustering",
    "FellegiSunterFit",
    "cluster_records",
    "default_m",
    "fit_fellegi_sunter",
    "level_frequencies",
    "match_probability",
]
