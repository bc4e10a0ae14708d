{#-
    RFM of every customer at every snapshot day of `snapshots`: the query both customer_rfm (the
    as_of_date snapshot) and customer_rfm_monthly (every month end) are made of, so the current picture
    and the history apply one rule. Per snapshot and customer with a completed order in the var
    rfm_lookback_days days up to the snapshot: last purchase day, frequency (orders), monetary
    (revenue), revenue in the snapshot's month, recency in days, R/F/M quintiles within the snapshot
    (macro share_below_score) and the segment of seed rfm_segment_map, in the types of the marts'
    contracts.
    Arguments (names of CTEs or relations): snapshots (month_start, snapshot_date, is_current_month),
    purchase_days (int_purchase_days_aggregated), segment_map (seed rfm_segment_map); windowing: how
    the purchase days in each snapshot's lookback are summed, with the same result:
    'join' (default) joins every purchase day to every snapshot whose lookback holds it and groups,
    the cheapest for one snapshot; 'running_sums' (for many snapshots) adds each purchase day at the
    first snapshot on or after it and takes it away after the last snapshot whose lookback holds it,
    and keeps running sums per customer, so no purchase day is repeated once per snapshot (at 1M
    customers and 25 snapshots: 17M changes summed instead of 48M joined rows grouped).
-#}
{% macro rfm_at_snapshots(snapshots, purchase_days, segment_map, windowing='join') %}
    {%- if windowing not in ['join', 'running_sums'] -%}
        {{ exceptions.raise_compiler_error("rfm_at_snapshots: windowing must be 'join' or 'running_sums', got '" ~ windowing ~ "'") }}
    {%- endif %}
    with

{% if windowing == 'join' %}
    windowed as (
        select
            {{ snapshots }}.month_start,
            {{ snapshots }}.snapshot_date,
            {{ snapshots }}.is_current_month,
            {{ purchase_days }}.customer_id,
            max({{ purchase_days }}.purchase_date) as last_purchase_date,
            sum({{ purchase_days }}.completed_orders) as frequency,
            sum({{ purchase_days }}.revenue_base) as monetary,
            coalesce(sum({{ purchase_days }}.revenue_base) filter (
                where {{ purchase_days }}.purchase_date >= {{ snapshots }}.month_start
            ), 0) as revenue_in_month
        from {{ snapshots }}
        inner join {{ purchase_days }}
            on
                {{ snapshots }}.snapshot_date >= {{ purchase_days }}.purchase_date
                and {{ snapshots }}.snapshot_date - {{ var('rfm_lookback_days') }} < {{ purchase_days }}.purchase_date
        group by
            {{ snapshots }}.month_start,
            {{ snapshots }}.snapshot_date,
            {{ snapshots }}.is_current_month,
            {{ purchase_days }}.customer_id
    ),

{% else %}
    -- the snapshots numbered in time order
    numbered_snapshots as (
        select
            month_start,
            snapshot_date,
            is_current_month,
            row_number() over (order by snapshot_date) as snapshot_number
        from {{ snapshots }}
    ),

    -- per purchase date: the first and the last snapshot whose lookback holds it, and whether it lies in
    -- the first one's month (then it is revenue in that snapshot's month)
    day_spans as (
        select
            purchase_dates.purchase_date,
            min(numbered_snapshots.snapshot_number) as first_snapshot,
            max(numbered_snapshots.snapshot_number) as last_snapshot,
            purchase_dates.purchase_date
            >= min_by(numbered_snapshots.month_start, numbered_snapshots.snapshot_number) as in_first_month
        from (select distinct purchase_date from {{ purchase_days }}) as purchase_dates
        inner join numbered_snapshots
            on
                numbered_snapshots.snapshot_date >= purchase_dates.purchase_date
                and numbered_snapshots.snapshot_date - {{ var('rfm_lookback_days') }} < purchase_dates.purchase_date
        group by purchase_dates.purchase_date
    ),

    spans as (
        select
            {{ purchase_days }}.customer_id,
            {{ purchase_days }}.purchase_date,
            {{ purchase_days }}.completed_orders,
            {{ purchase_days }}.revenue_base,
            day_spans.first_snapshot,
            day_spans.last_snapshot,
            day_spans.in_first_month
        from {{ purchase_days }}
        inner join day_spans
            on {{ purchase_days }}.purchase_date = day_spans.purchase_date
    ),

    -- per customer and snapshot: what enters (+) and what leaves (-) the lookback at that snapshot
    changes as (
        select
            customer_id,
            snapshot_number,
            sum(days_change) as days_change,
            sum(orders_change) as orders_change,
            sum(revenue_change) as revenue_change,
            max(purchase_date) as last_purchase_date,
            sum(revenue_in_month) as revenue_in_month
        from (
            select
                customer_id,
                first_snapshot as snapshot_number,
                1 as days_change,
                completed_orders as orders_change,
                revenue_base as revenue_change,
                purchase_date,
                case when in_first_month then revenue_base end as revenue_in_month
            from spans
            union all
            select
                customer_id,
                last_snapshot + 1 as snapshot_number,
                -1 as days_change,
                -completed_orders as orders_change,
                -revenue_base as revenue_change,
                null as purchase_date,
                null as revenue_in_month
            from spans
        ) as entering_and_leaving
        group by customer_id, snapshot_number
    ),

    -- the running sums hold from a customer's change up to the snapshot before the next one; the latest
    -- purchase day on or before a snapshot is the running maximum (it is in the lookback whenever any is)
    running as (
        select
            customer_id,
            snapshot_number,
            revenue_in_month,
            sum(days_change) over (
                partition by customer_id order by snapshot_number rows between unbounded preceding and current row
            ) as purchase_days_in_lookback,
            sum(orders_change) over (
                partition by customer_id order by snapshot_number rows between unbounded preceding and current row
            ) as frequency,
            sum(revenue_change) over (
                partition by customer_id order by snapshot_number rows between unbounded preceding and current row
            ) as monetary,
            max(last_purchase_date) over (
                partition by customer_id order by snapshot_number rows between unbounded preceding and current row
            ) as last_purchase_date,
            lead(snapshot_number, 1, 2147483647) over (
                partition by customer_id order by snapshot_number
            ) as next_change
        from changes
    ),

    windowed as (
        select
            numbered_snapshots.month_start,
            numbered_snapshots.snapshot_date,
            numbered_snapshots.is_current_month,
            running.customer_id,
            running.last_purchase_date,
            running.frequency,
            running.monetary,
            -- revenue in a snapshot's month enters at that snapshot and is not carried on
            coalesce(case
                when numbered_snapshots.snapshot_number = running.snapshot_number then running.revenue_in_month
            end, 0) as revenue_in_month
        from running
        inner join numbered_snapshots
            on
                numbered_snapshots.snapshot_number >= running.snapshot_number
                and numbered_snapshots.snapshot_number < running.next_change
        where running.purchase_days_in_lookback > 0
    ),
{% endif %}

    measured as (
        select
            *,
            {{ days_between('snapshot_date', 'last_purchase_date') }} as recency_days
        from windowed
    ),

    scored as (
        -- quintiles (5 levels): the segment map has one row per R-F-M code of 5 x 5 x 5
        select
            *,
            {{ share_below_score('recency_days', 5, better='lower', partition_by='snapshot_date') }} as r_score,
            {{ share_below_score('frequency', 5, better='higher', partition_by='snapshot_date') }} as f_score,
            {{ share_below_score('monetary', 5, better='higher', partition_by='snapshot_date') }} as m_score
        from measured
    ),

    segmented as (
        select
            scored.*,
            {{ segment_map }}.rfm_code,
            {{ segment_map }}.segment as rfm_segment,
            {{ segment_map }}.segment_zh as rfm_segment_zh
        from scored
        left join {{ segment_map }}
            on
                scored.r_score = {{ segment_map }}.r_score
                and scored.f_score = {{ segment_map }}.f_score
                and scored.m_score = {{ segment_map }}.m_score
    )

    -- the types of the marts' contracts, so both marts select the columns as they come
    select
        -- ids
        cast(snapshot_date as date) as snapshot_date,
        cast(customer_id as string) as customer_id,

        -- timestamps
        cast(month_start as date) as month_start,
        cast(is_current_month as boolean) as is_current_month,
        cast(last_purchase_date as date) as last_purchase_date,

        -- measures
        cast(recency_days as integer) as recency_days,
        cast(frequency as integer) as frequency,
        cast(monetary as decimal(18, 2)) as monetary,
        cast(revenue_in_month as decimal(18, 2)) as revenue_in_month,

        -- scores
        cast(r_score as integer) as r_score,
        cast(f_score as integer) as f_score,
        cast(m_score as integer) as m_score,
        cast(rfm_code as string) as rfm_code,
        cast(r_score + f_score + m_score as integer) as rfm_score,
        cast(rfm_segment as string) as rfm_segment,
        cast(rfm_segment_zh as string) as rfm_segment_zh
    from segmented
{% endmacro %}
