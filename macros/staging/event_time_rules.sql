{#-
    The hard rules for an event timestamp, as [condition, reason] pairs for reject_reason:
    missing_date (when required), unparseable_date, future_date (after the build day).
    Arguments: raw_expr (the cleaned text), parsed_expr (its parsed timestamp), required (bool).
-#}
{% macro event_time_rules(raw_expr, parsed_expr, required=true) -%}
    {%- set rules = [] -%}
    {%- if required -%}
        {%- do rules.append([raw_expr ~ ' is null', 'missing_date']) -%}
    {%- endif -%}
    {%- do rules.append([raw_expr ~ ' is not null and ' ~ parsed_expr ~ ' is null', 'unparseable_date']) -%}
    {%- do rules.append([parsed_expr ~ ' > ' ~ build_timestamp(), 'future_date']) -%}
    {{ return(rules) }}
{%- endmacro %}
