{#-
    Median of `column` over the rows of a partition up to and including the current row (in `order_by`
    order), NULLs ignored: a running median as a window expression.
    Arguments: column, partition_by, order_by (SQL expressions).
    DuckDB has an ordered-set `median` that accepts a window frame; the default implementation uses
    `percentile_cont ... within group`, which engines such as Snowflake accept as a window function.
-#}
{% macro running_median(column, partition_by, order_by) -%}
    {{ return(adapter.dispatch('running_median', 'customer_warehouse')(column, partition_by, order_by)) }}
{%- endmacro %}

{% macro default__running_median(column, partition_by, order_by) -%}
    percentile_cont(0.5) within group (order by {{ column }}) over (
        partition by {{ partition_by }}
        order by {{ order_by }}
        rows between unbounded preceding and current row
    )
{%- endmacro %}

{% macro duckdb__running_median(column, partition_by, order_by) -%}
    median({{ column }}) over (
        partition by {{ partition_by }}
        order by {{ order_by }}
        rows between unbounded preceding and current row
    )
{%- endmacro %}

{% macro spark__running_median(column, partition_by, order_by) -%}
    {#- Spark's median / percentile_cont take no window frame; percentile(x, 0.5) does, and interpolates
        between the two middle values as DuckDB's median does -#}
    percentile({{ column }}, 0.5) over (
        partition by {{ partition_by }}
        order by {{ order_by }}
        rows between unbounded preceding and current row
    )
{%- endmacro %}
