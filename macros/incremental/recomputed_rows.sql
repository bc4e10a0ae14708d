{#-
    The one rule of which rows a delta build of orders recomputes in a model, as a SQL condition on the
    model's columns: the model's import CTE reads only those rows (delta_rows_only) and the strategy
    replace_recomputed_rows deletes exactly those rows before inserting the new ones. Kinds:
    'orders' (column order_key; the orders recomputed in base_raw__orders, changed_order_keys),
    'customers' (column customer_id; customers whose orders changed, changed_order_customers),
    'activity' (column customer_id; activity_changed_customers over `relation`),
    'snapshots' (column snapshot_date; snapshots from snapshots_recomputed_from over `relation` on, and
    snapshot days no longer in int_value_snapshot_dates, which the snapshots CTE never holds).
    The column of each kind is recomputed_rows_key's, which also refuses any other kind.
    Arguments: kind (one of the four), relation (the model's own table).
-#}
{% macro recomputed_rows(kind, relation) -%}
    {%- set key = recomputed_rows_key(kind) -%}
    {%- if kind == 'orders' -%}
        {{ key }} in ({{ changed_order_keys() }})
    {%- elif kind == 'customers' -%}
        {{ key }} in ({{ changed_order_customers() }})
    {%- elif kind == 'activity' -%}
        {{ key }} in ({{ activity_changed_customers(relation) }})
    {%- else -%}
        ({{ key }} >= {{ snapshots_recomputed_from(relation) }}
        or {{ key }} not in (select snapshot_date from {{ ref('int_value_snapshot_dates') }}))
    {%- endif -%}
{%- endmacro %}
