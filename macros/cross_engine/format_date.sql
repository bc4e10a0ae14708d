{#-
    A date or timestamp as text in a strftime format (only %Y %m %d %H %M %S are used here); Spark
    gets the same format in its datetime pattern letters.
    Arguments: expr (SQL date or timestamp), format (strftime format, e.g. '%Y%m%d').
-#}
{% macro format_date(expr, format) -%}
    {{ return(adapter.dispatch('format_date', 'customer_warehouse')(expr, format)) }}
{%- endmacro %}

{% macro default__format_date(expr, format) -%}
    strftime({{ expr }}, '{{ format }}')
{%- endmacro %}

{% macro spark__format_date(expr, format) -%}
    date_format({{ expr }}, '{{ format | replace('%Y', 'yyyy') | replace('%m', 'MM') | replace('%d', 'dd') | replace('%H', 'HH') | replace('%M', 'mm') | replace('%S', 'ss') }}')
{%- endmacro %}
