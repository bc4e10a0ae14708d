{#-
    `*` without some columns: DuckDB `* exclude (...)`, Spark `* except (...)`.
    Argument: columns (list of column names).
-#}
{% macro star_except(columns) -%}
    {{ return(adapter.dispatch('star_except', 'customer_warehouse')(columns)) }}
{%- endmacro %}

{% macro default__star_except(columns) -%}
    * exclude ({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__star_except(columns) -%}
    * except ({{ columns | join(', ') }})
{%- endmacro %}
