{#-
    A query for the customers whose activity spells (int_activity_spells_derived) a delta build of
    orders recomputes: those whose orders it changed (changed_order_customers), and those whose current
    spell can end because as_of_date moved: a status change day of their last purchase (the new window,
    the at-risk or churn threshold, the reactivated window ending) after their current spell began and
    on or before the new as_of_date, or a current spell that begins after it (as_of_date moved back).
    Every other customer's spells are the same as in the table. Argument: relation (the spells' own
    table, read before it is changed).
-#}
{% macro activity_changed_customers(relation) -%}
    {{ changed_order_customers() }}
    union
    select last_days.customer_id
    from {{ ref('int_purchase_days_sequenced') }} as last_days
    inner join {{ relation }} as current_spells
        on
            last_days.customer_id = current_spells.customer_id
            and current_spells.is_current
    cross join {{ ref('int_as_of_date') }} as as_of
    where
        last_days.next_purchase_date is null
        and (
            current_spells.valid_from > as_of.as_of_date
            or last_days.first_purchase_date + {{ var('lifecycle_new_window_days') }} + 1
            between current_spells.valid_from + 1 and as_of.as_of_date
            or last_days.purchase_date + last_days.at_risk_after_days + 1
            between current_spells.valid_from + 1 and as_of.as_of_date
            or last_days.purchase_date + last_days.churn_after_days + 1
            between current_spells.valid_from + 1 and as_of.as_of_date
            or last_days.last_return_date + {{ var('lifecycle_reactivated_window_days') }} + 1
            between current_spells.valid_from + 1 and as_of.as_of_date
        )
{%- endmacro %}
