{#- Text to date with the formats of parse_timestamp. Argument: expr (cleaned text). -#}
{% macro parse_date(expr) -%}
    cast({{ parse_timestamp(expr) }} as date)
{%- endmacro %}
