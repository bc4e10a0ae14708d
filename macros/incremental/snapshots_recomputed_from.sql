{#-
    The first snapshot day a delta build of orders recomputes in a monthly history (a scalar SQL
    expression): the earlier of the latest snapshot already in `relation` (the old current month, whose
    snapshot day and is_current_month move with as_of_date) and the earliest order day of any version of
    the orders this build recomputed in base_raw__orders. A snapshot before that day depends only on
    purchase days before it, which did not change. Everything is recomputed when `relation` is empty.
    Argument: relation (the history's own table).
-#}
{% macro snapshots_recomputed_from(relation) -%}
    (select least(
        coalesce((select max(snapshot_date) from {{ relation }}), cast('0001-01-01' as date)),
        coalesce(
            (select min(order_date) from {{ ref('base_raw__orders') }} where _built_at = {{ build_timestamp() }}),
            cast('9999-12-31' as date)
        )
    ))
{%- endmacro %}
