{#-
    A list of the given SQL expressions without its null elements (an empty list when all are null).
    Argument: items (list of SQL expressions of one type).
-#}
{% macro list_without_nulls(items) -%}
    {{ return(adapter.dispatch('list_without_nulls', 'customer_warehouse')(items)) }}
{%- endmacro %}

{% macro default__list_without_nulls(items) -%}
    list_filter([{{ items | join(', ') }}], lambda item: item is not null)
{%- endmacro %}

{% macro spark__list_without_nulls(items) -%}
    filter(array({{ items | join(', ') }}), item -> item is not null)
{%- endmacro %}
