{#-
    A where clause for the snapshots CTE of a monthly history (one snapshot's rows depend on purchase
    days up to that snapshot only): in a delta build of orders (is_delta), only the snapshots from
    snapshots_recomputed_from on; nothing in a normal build. The CTE read must have column snapshot_date.
    No argument.
-#}
{% macro changed_snapshots_only() -%}
    {%- if is_delta('orders') -%}
        where snapshot_date >= {{ snapshots_recomputed_from(this) }}
    {%- endif -%}
{%- endmacro %}
