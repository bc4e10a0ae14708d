{#-
    A select-list expression that repeats its row once per element of a list and yields the element
    (no row for a NULL or empty list): DuckDB `unnest(list)`, Spark `explode(list)`. The project's one way
    to unnest a list: on DuckDB the from-clause form (`from t, unnest(list) as u (x)`) is planned as a
    correlated join over every row, and a list_values_in test on 16M order lines took 33 s that way
    against 1.6 s this way.
    Argument: list_expr (SQL list).
-#}
{% macro unnest_list(list_expr) -%}
    {{ return(adapter.dispatch('unnest_list', 'customer_warehouse')(list_expr)) }}
{%- endmacro %}

{% macro default__unnest_list(list_expr) -%}
    unnest({{ list_expr }})
{%- endmacro %}

{% macro spark__unnest_list(list_expr) -%}
    explode({{ list_expr }})
{%- endmacro %}
