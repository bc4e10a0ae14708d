-- One row per customer (identity contract) summarising everything but orders that the customer did up
-- to as_of_date: touch points, inquiries, survey answers and tickets, all time and in the activity window
-- (var scoring_activity_window_days days up to as_of_date, inclusive). Events after as_of_date are left
-- out, like orders in the value marts, so a rebuild with the same as_of_date gives the same numbers.
-- A customer without any such event gets zero counts and NULL latest answers: no answer is not a bad answer.
with

customer_records as (
    select * from {{ ref('int_customer_records_clustered') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

interactions as (
    select interactions.*
    from {{ ref('int_interactions_joined_to_customers') }} as interactions
    cross join as_of
    where interactions.customer_id is not null
        and interactions.occurred_date <= as_of.as_of_date
),

inquiries as (
    select inquiries.*
    from {{ ref('int_inquiries_joined_to_customers') }} as inquiries
    cross join as_of
    where inquiries.customer_id is not null
        and inquiries.received_date <= as_of.as_of_date
),

surveys as (
    select
        surveys.*,
        -- which answer is the latest: answers at the same second (exports often stamp a day's answers
        -- 23:59:59) go to the higher source system and response id, so every build picks the same one
        {{ struct_of([
            ['responded_at', 'surveys.responded_at'],
            ['source_system', 'surveys.source_system'],
            ['response_id', 'surveys.response_id'],
        ]) }} as answer_order
    from {{ ref('int_surveys_joined_to_customers') }} as surveys
    cross join as_of
    where surveys.customer_id is not null
        and surveys.responded_date <= as_of.as_of_date
),

tickets as (
    select tickets.*
    from {{ ref('int_tickets_joined_to_customers') }} as tickets
    cross join as_of
    where tickets.customer_id is not null
        and cast(tickets.opened_at as date) <= as_of.as_of_date
),

customers as (
    select distinct customer_id from customer_records
),

window_start as (
    select as_of_date - {{ var('scoring_activity_window_days') }} + 1 as window_start_date
    from as_of
),

interaction_summary as (
    select
        interactions.customer_id,
        count(*) as interactions_total,
        count_if(interactions.occurred_date >= window_start.window_start_date) as interactions_window,
        count(distinct interactions.category) filter (
            where interactions.occurred_date >= window_start.window_start_date
        ) as interaction_categories_window,
        max(interactions.occurred_at) as last_interaction_at
    from interactions
    cross join window_start
    group by interactions.customer_id
),

inquiry_summary as (
    select
        inquiries.customer_id,
        count(*) as inquiries_total,
        count_if(inquiries.received_date >= window_start.window_start_date) as inquiries_window,
        max(inquiries.received_at) as last_inquiry_at
    from inquiries
    cross join window_start
    group by inquiries.customer_id
),

survey_summary as (
    select
        surveys.customer_id,
        count(*) as survey_responses_total,
        count_if(surveys.survey_type = 'nps') as nps_responses,
        count_if(surveys.survey_type = 'csat') as csat_responses,
        count_if(surveys.responded_date >= window_start.window_start_date) as survey_responses_window,
        -- latest answer of each survey: what the customer thinks now
        max_by(surveys.score, surveys.answer_order) filter (where surveys.survey_type = 'nps') as latest_nps_score,
        max_by(surveys.response_band, surveys.answer_order) filter (
            where surveys.survey_type = 'nps'
        ) as latest_nps_band,
        max_by(surveys.score, surveys.answer_order) filter (where surveys.survey_type = 'csat') as latest_csat_score,
        avg(surveys.score_0_100) filter (
            where surveys.responded_date >= window_start.window_start_date
        ) as avg_rating_0_100_window,
        max(surveys.responded_at) as last_response_at
    from surveys
    cross join window_start
    group by surveys.customer_id
),

ticket_summary as (
    select
        tickets.customer_id,
        count(*) as tickets_total,
        count_if(tickets.is_complaint) as complaints_total,
        count_if(tickets.is_complaint and tickets.is_resolved) as complaints_resolved,
        count_if(tickets.is_complaint and cast(tickets.opened_at as date) >= window_start.window_start_date)
            as complaints_window,
        coalesce(
            sum(tickets.complaint_weight) filter (
                where tickets.is_complaint and cast(tickets.opened_at as date) >= window_start.window_start_date
            ),
            0
        ) as weighted_complaints_window,
        max(tickets.severity_rank) filter (where tickets.is_complaint) as max_complaint_severity_rank,
        max(tickets.opened_at) filter (where tickets.is_complaint) as last_complaint_at
    from tickets
    cross join window_start
    group by tickets.customer_id
)

select
    -- ids
    customers.customer_id,

    -- interest: touch points and inquiries
    coalesce(interaction_summary.interactions_total, 0) as interactions_total,
    coalesce(interaction_summary.interactions_window, 0) as interactions_window,
    coalesce(interaction_summary.interaction_categories_window, 0) as interaction_categories_window,
    interaction_summary.last_interaction_at,
    coalesce(inquiry_summary.inquiries_total, 0) as inquiries_total,
    coalesce(inquiry_summary.inquiries_window, 0) as inquiries_window,
    inquiry_summary.last_inquiry_at,

    -- survey answers
    coalesce(survey_summary.survey_responses_total, 0) as survey_responses_total,
    coalesce(survey_summary.nps_responses, 0) as nps_responses,
    coalesce(survey_summary.csat_responses, 0) as csat_responses,
    coalesce(survey_summary.survey_responses_window, 0) as survey_responses_window,
    survey_summary.latest_nps_score,
    survey_summary.latest_nps_band,
    survey_summary.latest_csat_score,
    survey_summary.avg_rating_0_100_window,
    survey_summary.last_response_at,

    -- tickets and complaints
    coalesce(ticket_summary.tickets_total, 0) as tickets_total,
    coalesce(ticket_summary.complaints_total, 0) as complaints_total,
    coalesce(ticket_summary.complaints_resolved, 0) as complaints_resolved,
    coalesce(ticket_summary.complaints_window, 0) as complaints_window,
    coalesce(ticket_summary.weighted_complaints_window, 0) as weighted_complaints_window,
    ticket_summary.max_complaint_severity_rank,
    ticket_summary.last_complaint_at
from customers
left join interaction_summary
    on customers.customer_id = interaction_summary.customer_id
left join inquiry_summary
    on customers.customer_id = inquiry_summary.customer_id
left join survey_summary
    on customers.customer_id = survey_summary.customer_id
left join ticket_summary
    on customers.customer_id = ticket_summary.customer_id
