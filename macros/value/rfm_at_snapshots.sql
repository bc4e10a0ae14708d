{#-
    RFM of every customer at every snapshot day of `snapshots`: the query both customer_rfm (the
    as_of_date snapshot) and customer_rfm_monthly (every month end) are made of, so the current picture
    and the history apply one rule. Per snapshot and customer with a completed order in the var
    rfm_lookback_days days up to the snapshot: last purchase day, frequency (orders), monetary
    (revenue), revenue in the snapshot's month, recency in days, R/F/M quintiles within the snapshot
    (macro share_below_score) and the segment of seed rfm_segment_map, in the types of the marts'
    contracts.
    Arguments (names of CTEs or relations): snapshots (month_start, snapshot_date, is_current_month),
    purchase_days (int_purchase_days_aggregated), segment_map (seed rfm_segment_map).
-#}
{% macro rfm_at_snapshots(snapshots, purchase_days, segment_map) %}
    with

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
