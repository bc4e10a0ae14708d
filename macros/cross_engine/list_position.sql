{#-
    1-based position of `expr` in a list of text constants, null when absent.
    Arguments: items (list of text constants), expr (SQL expression).
-#}
{% macro list_position(items, expr) -%}
    {{ return(adapter.dispatch('list_position', 'customer_warehouse')(items, expr)) }}
{%- endmacro %}

{% macro default__list_position(items, expr) -%}
    list_position([{% for item in items %}'{{ item }}'{{ ', ' if not loop.last }}{% endfor %}], {{ expr }})
{%- endmacro %}

{% macro spark__list_position(items, expr) -%}
    nullif(array_position(cast(array({% for item in items %}'{{ item }}'{{ ', ' if not loop.last }}{% endfor %}) as array<string>), {{ expr }}), 0)
{%- endmacro %}
