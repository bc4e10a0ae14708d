{{ config(contract={'enforced': true}) }}

-- Where every customer stands at as_of_date: funnel stage (潜在 potential / 意向 intent / 成交 customer /
-- 售后 after_sale, the furthest milestone reached) and activity status (new / active / at_risk /
-- churned / reactivated, from windows and the customer's own buying rhythm) with the day each began.
with

milestones as (
    select * from {{ ref('int_funnel_milestones_dated') }}
),

spells as (
    select * from {{ ref('int_activity_spells_derived') }}
),

purchase_days as (
    select * from {{ ref('int_purchase_days_sequenced') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

labels as (
    select * from {{ ref('lifecycle_labels') }}
),

current_spells as (
    select *
    from spells
    where is_current
),

last_purchases as (
    select *
    from purchase_days
    where next_purchase_date is null
),

staged as (
    select
        milestones.*,
        as_of.as_of_date,
        case
            when milestones.after_sale_on <= as_of.as_of_date then 'after_sale'
            when milestones.first_purchase_on <= as_of.as_of_date then 'customer'
            when milestones.intent_on <= as_of.as_of_date then 'intent'
            else 'potential'
        end as funnel_stage,
        case
            when milestones.after_sale_on <= as_of.as_of_date then milestones.after_sale_on
            when milestones.first_purchase_on <= as_of.as_of_date then milestones.first_purchase_on
            when milestones.intent_on <= as_of.as_of_date then milestones.intent_on
            else milestones.known_on
        end as funnel_stage_since
    from milestones
    cross join as_of
),

joined as (
    select
        staged.*,
        coalesce(current_spells.activity_status, 'never_purchased') as activity_status,
        current_spells.valid_from as activity_status_since,
        last_purchases.purchase_date as last_purchase_date,
        last_purchases.purchase_day_number as purchase_days,
        last_purchases.expected_interval_days,
        last_purchases.is_own_rhythm,
        last_purchases.at_risk_after_days,
        last_purchases.churn_after_days,
        last_purchases.last_return_date
    from staged
    left join current_spells
        on staged.customer_id = current_spells.customer_id
    left join last_purchases
        on staged.customer_id = last_purchases.customer_id
)

select
    -- ids
    cast(joined.customer_id as string) as customer_id,

    -- funnel
    cast(joined.as_of_date as date) as as_of_date,
    cast(joined.funnel_stage as string) as funnel_stage,
    cast(funnel_labels.label_zh as string) as funnel_stage_zh,
    cast(joined.funnel_stage_since as date) as funnel_stage_since,
    cast(joined.known_on as date) as known_on,
    cast(joined.intent_on as date) as intent_on,
    cast(joined.first_purchase_on as date) as first_purchase_on,
    cast(joined.after_sale_on as date) as after_sale_on,

    -- activity
    cast(joined.activity_status as string) as activity_status,
    cast(status_labels.label_zh as string) as activity_status_zh,
    cast(joined.activity_status_since as date) as activity_status_since,
    cast(joined.last_purchase_date as date) as last_purchase_date,
    cast({{ days_between('joined.as_of_date', 'joined.last_purchase_date') }} as integer) as days_since_last_purchase,
    cast(coalesce(joined.purchase_days, 0) as integer) as purchase_days,
    cast(joined.expected_interval_days as double) as expected_interval_days,
    cast(joined.is_own_rhythm as boolean) as is_own_rhythm,
    cast(joined.at_risk_after_days as integer) as at_risk_after_days,
    cast(joined.churn_after_days as integer) as churn_after_days,
    cast(joined.last_return_date as date) as last_return_date
from joined
left join labels as funnel_labels
    on
        funnel_labels.label_set = 'funnel_stage'
        and joined.funnel_stage = funnel_labels.code
left join labels as status_labels
    on
        status_labels.label_set = 'activity_status'
        and joined.activity_status = status_labels.code
