{#-
    Whole years from `earlier` to `later` (an age: complete years, negative when later is before
    earlier), as a bigint. DuckDB counts them with date_sub('year', ...), which Spark lacks; Spark takes
    the whole part of months_between / 12. Both count a 29 February birthday complete on 28 February of
    a common year (both treat two month ends as whole months).
    Arguments: later, earlier (SQL date expressions).
-#}
{% macro years_between(later, earlier) -%}
    {{ return(adapter.dispatch('years_between', 'customer_warehouse')(later, earlier)) }}
{%- endmacro %}

{% macro default__years_between(later, earlier) -%}
    date_sub('year', {{ earlier }}, {{ later }})
{%- endmacro %}

{% macro spark__years_between(later, earlier) -%}
    cast(months_between({{ later }}, {{ earlier }}) / 12 as bigint)
{%- endmacro %}
