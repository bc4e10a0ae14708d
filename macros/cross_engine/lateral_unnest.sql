{#-
    A from-clause item that repeats each row of the relation before it once per element of a list
    column: DuckDB `, unnest(list) as alias (column)`, Spark `lateral view explode(list) alias as column`.
    Arguments: list_expr (SQL list), alias (name of the item), column (name of the element column).
-#}
{% macro lateral_unnest(list_expr, alias, column) -%}
    {{ return(adapter.dispatch('lateral_unnest', 'customer_warehouse')(list_expr, alias, column)) }}
{%- endmacro %}

{% macro default__lateral_unnest(list_expr, alias, column) -%}
    , unnest({{ list_expr }}) as {{ alias }} ({{ column }})
{%- endmacro %}

{% macro spark__lateral_unnest(list_expr, alias, column) -%}
    lateral view explode({{ list_expr }}) {{ alias }} as {{ column }}
{%- endmacro %}
