{#-
    A where clause for the import CTE of a per-customer history (one customer's rows depend on that
    customer's purchase days only): in a delta build of orders (is_delta), only the rows of the customers
    whose orders this build recomputed (changed_order_customers); nothing in a normal build. The table
    read must have column customer_id. No argument.
-#}
{% macro changed_customers_only() -%}
    {%- if is_delta('orders') -%}
        where customer_id in ({{ changed_order_customers() }})
    {%- endif -%}
{%- endmacro %}
