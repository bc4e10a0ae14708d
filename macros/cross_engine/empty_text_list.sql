{#-
    An empty list of text (DuckDB `[]`, Spark a typed empty array), e.g. for coalesce. No argument.
-#}
{% macro empty_text_list() -%}
    {{ return(adapter.dispatch('empty_text_list', 'customer_warehouse')()) }}
{%- endmacro %}

{% macro default__empty_text_list() -%}
    []
{%- endmacro %}

{% macro spark__empty_text_list() -%}
    cast(array() as array<string>)
{%- endmacro %}
