"""One row per distinct customer name (simplified Chinese or Latin, as in staging) with its romanised
keys (cwh.identity.romanise): `张伟明`, `Zhang Weiming` and `Weiming Zhang` all get the sorted key
`weimingzhang`, so a name in Chinese characters can be compared with the same name in pinyin, and a
homophone typo (张玮明) is told apart from a different name. Python because the character readings come
from a dictionary (text-unidecode) SQL does not have.
"""

from cwh.identity.romanise import romanised_names_table


def model(dbt, session):
    names = (
        dbt.ref("stg_raw__customers")
        .filter("full_name_simplified is not null")
        .project("full_name_simplified")
        .distinct()
        .fetchnumpy()["full_name_simplified"]
    )
    # shared with the Spark build (cwh.spark.python_nodes)
    return romanised_names_table([str(name) for name in names])
