{#-
    A pre-hook for a model with one row set per order (column order_key): in a delta build of orders
    (is_delta), deletes the rows of the orders this build recomputed (changed_order_keys), so the model's
    insert (incremental strategy `append`) puts back exactly their current rows, none when an order is no
    longer clean. Nothing in a normal build. Use as `pre_hook="{{ delete_changed_orders() }}"`.
    No argument.
-#}
{% macro delete_changed_orders() -%}
    {%- if is_delta('orders') -%}
        delete from {{ this }} where order_key in ({{ changed_order_keys() }})
    {%- endif -%}
{%- endmacro %}
