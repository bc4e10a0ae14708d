{#-
    A timestamp moved by a whole number of days (negative: back), as a timestamp: DuckDB adds an
    interval of days (to_days), Spark has no to_days and uses timestampadd. Calendar days, no time zone
    (both engines keep wall-clock time here: DuckDB's timestamps have no zone, Spark's session is UTC).
    Arguments: timestamp_expr (SQL timestamp), days (SQL whole-number expression).
-#}
{% macro add_days(timestamp_expr, days) -%}
    {{ return(adapter.dispatch('add_days', 'customer_warehouse')(timestamp_expr, days)) }}
{%- endmacro %}

{% macro default__add_days(timestamp_expr, days) -%}
    ({{ timestamp_expr }} + to_days({{ days }}))
{%- endmacro %}

{% macro spark__add_days(timestamp_expr, days) -%}
    timestampadd(day, {{ days }}, {{ timestamp_expr }})
{%- endmacro %}
