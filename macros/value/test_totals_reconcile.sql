{#-
    Generic test: a total of the model equals the same total computed from a reference relation, so a
    mart's grain adds up to the facts it came from (sum of tier revenue = revenue of fct_orders in the
    window). Fails with one row per group where the totals differ by more than `tolerance`; a group
    missing on one side counts as a total of 0 there (no rows: no revenue, no customers).
    Arguments:
      expression: aggregate SQL over the model (sum(revenue_window)).
      reference: relation or parenthesised subquery to compare with (ref('fct_orders')).
      reference_expression: aggregate SQL over the reference (sum(revenue_base)).
      where / reference_where: optional filters of each side (may contain refs, e.g. to int_as_of_date).
      group_by / reference_group_by: optional SQL expression giving each side's group key (the same
        values on both sides), to compare totals per group (per snapshot_date).
      tolerance: largest accepted absolute difference (default 0.01 for rounding of money).
-#}
{% test totals_reconcile(
    model,
    expression,
    reference,
    reference_expression,
    where=none,
    reference_where=none,
    group_by=none,
    reference_group_by=none,
    tolerance=0.01
) %}
with

model_totals as (
    select
        {{ group_by if group_by else "'all'" }} as group_key,
        {{ expression }} as model_total
    from {{ model }}
    {%- if where %}
    where {{ where }}
    {%- endif %}
    group by 1
),

reference_totals as (
    select
        {{ reference_group_by if reference_group_by else (group_by if group_by else "'all'") }} as group_key,
        {{ reference_expression }} as reference_total
    from {{ reference }}
    {%- if reference_where %}
    where {{ reference_where }}
    {%- endif %}
    group by 1
),

compared as (
    select
        coalesce(model_totals.group_key, reference_totals.group_key) as group_key,
        coalesce(model_totals.model_total, 0) as model_total,
        coalesce(reference_totals.reference_total, 0) as reference_total
    from model_totals
    full outer join reference_totals
        on model_totals.group_key = reference_totals.group_key
)

select
    group_key,
    model_total,
    reference_total,
    model_total - reference_total as difference
from compared
where abs(model_total - reference_total) > {{ tolerance }}
{% endtest %}
