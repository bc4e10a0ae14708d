{#-
    The incremental strategy `replace_changed_snapshots`, for a monthly history (column snapshot_date;
    a snapshot's rows depend on purchase days up to that snapshot only) in a delta build of orders
    (is_delta): deletes the rows of the snapshots from snapshots_recomputed_from on and of the snapshot
    days no longer in int_value_snapshot_dates (the month that left the history window, the old
    as_of_date), then inserts the model's rows for the recomputed snapshots (changed_snapshots_only).
    dbt calls it with arg_dict (target_relation, temp_relation, dest_columns); a model chooses it with
    `incremental_strategy='replace_changed_snapshots'`.
-#}
{% macro get_incremental_replace_changed_snapshots_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {{ replace_rows_sql(
        arg_dict,
        'snapshot_date >= ' ~ snapshots_recomputed_from(target)
        ~ ' or snapshot_date not in (select snapshot_date from ' ~ ref('int_value_snapshot_dates') ~ ')'
    ) }}
{%- endmacro %}
