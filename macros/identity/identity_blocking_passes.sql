{#-
    The enabled blocking passes of seed identity_blocking_passes, as a list of
    {pass_name, key_expression} dicts (ordered by pass_name). The model calling it must `ref` the seed
    so the seed is loaded first. Returns [] while dbt parses (no database access then). No argument.
-#}
{% macro identity_blocking_passes() %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set query -%}
        select pass_name, key_expression
        from {{ seed_relation('identity_blocking_passes') }}
        where enabled
        order by pass_name
    {%- endset -%}
    {%- set result = run_query(query) -%}
    {%- set passes = [] -%}
    {%- for row in result.rows -%}
        {%- do passes.append({'pass_name': row[0], 'key_expression': identity_key_expression(row[1])}) -%}
    {%- endfor -%}
    {%- if passes | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "identity resolution: no enabled pass in seed identity_blocking_passes. Enable at least one pass "
            ~ "(enabled = true) and run `dbt seed -s identity_blocking_passes`."
        ) }}
    {%- endif -%}
    {{ return(passes) }}
{% endmacro %}
