{#-
    The patterns of one type of seed lead_text_patterns, OR-ed into one case-insensitive RE2 expression
    (the text; macro regexp_contains makes it the engine's literal). Read from the loaded seed table when the model compiles, so DuckDB gets a
    constant pattern it compiles once (a pattern taken from a column is recompiled on every row: ~250x
    slower). The model calling it must declare the dependency with a `-- depends_on:` comment holding
    ref('lead_text_patterns'). A type without any pattern matches nothing. Unit tests of the calling
    model use the loaded seed too (a mocked lead_text_patterns input is ignored).
    Outside run / build / test (dbt compile, docs, sqlfluff) a missing seed only warns and the pattern
    matches nothing.
    Argument: pattern_type (vague_message, model_number, generic_product, international_claim,
    residential_address, non_company_website, mobile_phone).
    Example: regexp_contains('message', lead_text_pattern('vague_message')) in a Jinja expression.
-#}
{% macro lead_text_pattern(pattern_type) -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- if graph.nodes is defined -%}
        {%- set seed_node = (graph.nodes.values()
            | selectattr('resource_type', 'equalto', 'seed')
            | selectattr('name', 'equalto', 'lead_text_patterns')
            | list)[0] -%}
        {%- set location = [seed_node.database, seed_node.schema, seed_node.alias] -%}
    {%- else -%}
        {#- unit tests compile without the graph: the seed's schema as dbt_project.yml names it -#}
        {%- set location = [target.database, generate_schema_name('seeds', none), 'lead_text_patterns'] -%}
    {%- endif -%}
    {%- set relation = adapter.get_relation(location[0], location[1], location[2]) -%}
    {%- if relation is none -%}
        {%- set message = "seed lead_text_patterns is not loaded in " ~ location[1]
            ~ ": run `dbt seed` (or dbt build) first" -%}
        {%- if flags.WHICH in ('run', 'build', 'test', 'retry') -%}
            {{ exceptions.raise_compiler_error(message) }}
        {%- endif -%}
        {#- compile, docs and linters only render the SQL: a placeholder that matches nothing -#}
        {{ exceptions.warn(message) }}
        {{ return('[^\\s\\S]') }}
    {%- endif -%}
    {%- set query -%}
        select '(?i)' || {{ string_agg_ordered("'(?:' || pattern || ')'", '|', 'pattern') }}
        from {{ relation }}
        where pattern_type = '{{ pattern_type }}'
    {%- endset -%}
    {%- set regex = run_query(query).columns[0].values()[0] -%}
    {%- if regex is none -%}
        {#- an empty character class never matches -#}
        {{ return('[^\\s\\S]') }}
    {%- endif -%}
    {{ return(regex) }}
{%- endmacro %}
