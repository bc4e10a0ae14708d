{#-
    A where clause for an import CTE of the order chain: in a delta build of orders (is_delta), only
    the rows of the orders this build recomputed (changed_order_keys); nothing in a normal build, so
    the CTE reads every row. The table read must have column order_key. No argument.
-#}
{% macro changed_orders_only() -%}
    {%- if is_delta('orders') -%}
        where order_key in ({{ changed_order_keys() }})
    {%- endif -%}
{%- endmacro %}
