{#-
    The day the value marts are computed at, as a SQL date expression: var `as_of_date` as a date
    literal when it is set (YYYY-MM-DD), else the date of the latest clean order. Models read it once
    through `int_as_of_date`; call this macro only there. No argument.
-#}
{% macro as_of_date() -%}
    {%- set configured = var('as_of_date', none) -%}
    {%- if configured is not none and configured | string | trim != '' -%}
        {%- if not modules.re.fullmatch('\d{4}-\d{2}-\d{2}', configured | string | trim) -%}
            {{ exceptions.raise_compiler_error(
                "var as_of_date must be a date written YYYY-MM-DD (or null for the latest order date), got '"
                ~ configured ~ "'"
            ) }}
        {%- endif -%}
        cast('{{ configured | string | trim }}' as date)
    {%- else -%}
        (select max(order_date) from {{ ref('stg_raw__orders') }})
    {%- endif -%}
{%- endmacro %}
