{#-
    The distinct values of one or more text columns of a loaded seed, sorted: for a model whose SQL must
    spell out what a seed names (the inputs of scoring_inputs, the signals of lead_signals and the
    metrics of segment_temperament_rules are columns of the models that compute them). Read from the
    seed's table when the model compiles (macro seed_relation), so a unit test reads the real seed too.
    The model must declare the dependency (`ref` in a CTE or a `-- depends_on:` comment).
    Returns [] while dbt parses (no database access then); stops with what to run when the seed is not
    loaded. Arguments: seed (the seed's name), columns (list of its column names; values of all of
    them, each once). Example: seed_column_values('segment_temperament_rules', ['metric', 'evidence_metric']).
-#}
{% macro seed_column_values(seed, columns) %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set relation = seed_relation(seed) -%}
    {%- if adapter.get_relation(relation.database, relation.schema, relation.identifier) is none -%}
        {{ exceptions.raise_compiler_error(
            "seed " ~ seed ~ " is not loaded in schema " ~ relation.schema
            ~ ": run `dbt seed -s " ~ seed ~ "` (or dbt build) first"
        ) }}
    {%- endif -%}
    {%- set query -%}
        {%- for column in columns %}
        select {{ column }} as seed_value from {{ relation }} where {{ column }} is not null
        {%- if not loop.last %}
        union
        {%- endif %}
        {%- endfor %}
        order by seed_value
    {%- endset -%}
    {{ return(run_query(query).columns[0].values() | list) }}
{% endmacro %}
