{#-
    Generic test (model-level): the ranges [lower_bound_column, upper_bound_column] of a table, within
    each partition, do not overlap, and (with gaps) leave no hole between them; for band seeds such as
    age_bands or income_bands. Fails with each range that breaks a rule, with the next range's lower bound.
    Arguments: lower_bound_column, upper_bound_column (column names), partition_by (optional column list
    as text, e.g. "survey_type"), gaps ('allowed', 'not_allowed' (default) or 'required'),
    step (for ranges closed at both ends on a discrete scale, the unit between one range's upper bound
    and the next's lower bound: 1 for ages 0-17, 18-24; omit for half-open ranges [0, 5000), [5000, 10000)).
    Example: `mutually_exclusive_ranges: {arguments: {lower_bound_column: min_age, upper_bound_column: max_age, step: 1}}`.
-#}
{% test mutually_exclusive_ranges(model, lower_bound_column, upper_bound_column, partition_by=none, gaps='not_allowed', step=none) %}
    {%- if gaps not in ['allowed', 'not_allowed', 'required'] -%}
        {{ exceptions.raise_compiler_error("mutually_exclusive_ranges on " ~ model ~ ": gaps must be allowed, not_allowed or required, not " ~ gaps) }}
    {%- endif -%}
    {%- set width = step if step is not none else 0 -%}
    {%- set partition_clause = 'partition by ' ~ partition_by if partition_by else '' -%}
with

ranges as (
    select
        {{ lower_bound_column }} as lower_bound,
        {{ upper_bound_column }} as upper_bound,
        lead({{ lower_bound_column }}) over (
            {{ partition_clause }}
            order by {{ lower_bound_column }}, {{ upper_bound_column }}
        ) as next_lower_bound
        {%- if partition_by %},
        {{ partition_by }}
        {%- endif %}
    from {{ model }}
),

judged as (
    select
        *,
        case
            when lower_bound is null or upper_bound is null then 'bound is null'
            when lower_bound {{ '>' if step is not none else '>=' }} upper_bound then 'lower bound not below upper bound'
            when next_lower_bound is null then null
            when next_lower_bound < upper_bound + {{ width }} then 'overlaps the next range'
            {%- if gaps == 'not_allowed' %}
            when next_lower_bound > upper_bound + {{ width }} then 'gap before the next range'
            {%- elif gaps == 'required' %}
            when next_lower_bound = upper_bound + {{ width }} then 'no gap before the next range'
            {%- endif %}
        end as problem
    from ranges
)

select *
from judged
where problem is not null
{% endtest %}
