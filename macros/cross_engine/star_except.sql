{#-
    `*` without some columns: DuckDB `* exclude (...)`, Spark `* except (...)`.
    Arguments: columns (list of column names), relation (optional CTE or alias the star is taken from).
-#}
{% macro star_except(columns, relation=none) -%}
    {{ return(adapter.dispatch('star_except', 'customer_warehouse')(columns, relation)) }}
{%- endmacro %}

{% macro default__star_except(columns, relation) -%}
    {{ relation ~ '.' if relation }}* exclude ({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__star_except(columns, relation) -%}
    {{ relation ~ '.' if relation }}* except ({{ columns | join(', ') }})
{%- endmacro %}
