{{ config(contract={'enforced': true}) }}

-- depends_on: {{ ref('lead_text_patterns') }}
{%- set vague_message_pattern = lead_text_pattern('vague_message') %}
{%- set model_number_pattern = lead_text_pattern('model_number') %}
{%- set generic_product_pattern = lead_text_pattern('generic_product') %}
{%- set international_claim_pattern = lead_text_pattern('international_claim') %}
{%- set residential_address_pattern = lead_text_pattern('residential_address') %}
{%- set non_company_website_pattern = lead_text_pattern('non_company_website') %}
{%- set mobile_phone_pattern = lead_text_pattern('mobile_phone') %}
{#- the signals of seed lead_signals, each a column of signal_flags below -#}
{%- set signal_names = seed_column_values('lead_signals', ['signal']) %}

-- Every inquiry (询盘) becomes a lead scored on the signals of article 002: does the contact have a
-- company website and e-mail domain, name a product or model, give complete company details, answer
-- the follow-up questions; is the inquiry vague, or the contact a fake "international company" or on
-- the blacklist (its e-mail or phone, or the customer it belongs to). Which signals exist and their
-- points are in seed lead_signals, class edges in seed lead_classes, text patterns in seed
-- lead_text_patterns (inlined as constants by macro lead_text_pattern: a pattern read from a column
-- is recompiled on every row). Contact details stay out of this mart (it is read by BI): only the
-- e-mail domain, the website domain and has_* flags.
with

inquiries as (
    select * from {{ ref('int_inquiries_joined_to_customers') }}
),

free_mail_domains as (
    select * from {{ ref('free_mail_domains') }}
),

lead_signals as (
    select * from {{ ref('lead_signals') }}
),

lead_classes as (
    select * from {{ ref('lead_classes') }}
),

customers as (
    select * from {{ ref('dim_customers') }}
),

domains as (
    select
        inquiries.*,
        coalesce(customers.is_blacklisted, false) as is_blacklisted_customer,
        nullif(lower(split_part(inquiries.email, '@', 2)), '') as email_domain,
        -- staging already dropped the scheme and the trailing slash: `www.shop.cn/en` -> `shop.cn`
        nullif({{ regexp_replace_all("lower(split_part(inquiries.website, '/', 1))", '^www\\.', '') }}, '') as website_domain
    from inquiries
    left join customers
        on inquiries.customer_id = customers.customer_id
),

features as (
    select
        domains.*,
        domains.email is not null as has_email,
        domains.phone_e164 is not null as has_phone,
        domains.address is not null as has_address,
        domains.company_name is not null as has_company_name,
        free_mail_domains.domain is not null as is_free_mail,
        domains.email_domain is not null and free_mail_domains.domain is null as has_company_email_domain,
        domains.website_domain is not null
        and not coalesce({{ regexp_contains("domains.website_domain", non_company_website_pattern) }}, false)
        and website_mail_domains.domain is null
            as has_company_website,
        coalesce({{ regexp_contains("domains.phone_e164", mobile_phone_pattern) }}, false)
            as phone_is_mobile,
        coalesce({{ regexp_contains("domains.message", model_number_pattern) }}, false)
            as message_names_model,
        coalesce({{ regexp_contains("domains.product_mentioned", generic_product_pattern) }}, false)
            as is_generic_product,
        coalesce({{ regexp_contains("domains.message", vague_message_pattern) }}, false)
            as message_is_generic,
        coalesce(
            {{ regexp_contains("concat_ws(' ', domains.company_name, domains.message)", international_claim_pattern) }},
            false
        ) as claims_international_company,
        coalesce({{ regexp_contains("domains.address", residential_address_pattern) }}, false)
            as has_residential_address,
        cast(domains.industry is not null as integer)
        + cast(domains.years_in_business is not null as integer)
        + cast(domains.customer_type is not null as integer)
        + cast(domains.annual_sales is not null as integer) as followup_answers
    from domains
    left join free_mail_domains
        on domains.email_domain = free_mail_domains.domain
    left join free_mail_domains as website_mail_domains
        on domains.website_domain = website_mail_domains.domain
),

derived as (
    select
        *,
        -- `all items` or `所有产品` in the product field names no product
        (product_mentioned is not null and not is_generic_product) or message_names_model
            as has_specific_product,
        has_company_email_domain and has_company_website
        and (
            email_domain = website_domain
            or website_domain like '%.' || email_domain
            or email_domain like '%.' || website_domain
        ) as email_matches_website
    from features
),

-- one boolean per signal of seed lead_signals, named like the seed's `signal`
signal_flags as (
    select
        inquiry_id,
        customer_id is not null as known_customer,
        has_company_website as company_website,
        has_company_email_domain as company_email_domain,
        email_matches_website,
        has_specific_product as specific_product,
        has_company_name as company_name_given,
        has_address and not has_residential_address as company_address_given,
        has_phone and not phone_is_mobile as company_phone_given,
        industry is not null as answered_industry,
        years_in_business is not null as answered_years_in_business,
        customer_type is not null as answered_customer_type,
        annual_sales is not null as answered_annual_sales,
        not has_specific_product and (message is null or message_is_generic) as vague_inquiry,
        claims_international_company
        and (
            has_residential_address
            or (phone_is_mobile and not has_company_email_domain and not has_company_website)
        ) as unverified_international_claim,
        has_residential_address as residential_address,
        -- a known customer can be reached through the customer record
        not has_email and not has_phone and customer_id is null as no_contact_channel,
        is_blacklisted_email or is_blacklisted_phone or is_blacklisted_customer as blacklisted_contact
    from derived
),

fired_signals as (
    select
        unpivoted.inquiry_id,
        lead_signals.signal,
        lead_signals.points,
        lead_signals.forces_class,
        lead_signals.label_zh
    from (
        {{ unpivot_columns('signal_flags', ['inquiry_id'], signal_names, 'signal', 'fired') }}
    ) as unpivoted
    inner join lead_signals
        on unpivoted.signal = lead_signals.signal
    where unpivoted.fired
),

signal_totals as (
    select
        fired_signals.inquiry_id,
        count(*) as signals_fired,
        sum(fired_signals.points) as raw_points,
        -- the most severe class any fired signal forces (likely_invalid over needs_checking)
        max_by(fired_signals.forces_class, forced_classes.class_rank) as forced_class,
        {{ string_agg_ordered(
            "fired_signals.signal || ' ' || case when fired_signals.points > 0 then '+' else '' end"
            ~ " || fired_signals.points",
            '; ', 'abs(fired_signals.points) desc, fired_signals.signal'
        ) }} as reasons,
        {{ string_agg_ordered(
            "fired_signals.label_zh || '(' || case when fired_signals.points > 0 then '+' else '' end"
            ~ " || fired_signals.points || ')'",
            '；', 'abs(fired_signals.points) desc, fired_signals.signal'
        ) }} as reasons_zh
    from fired_signals
    left join lead_classes as forced_classes
        on fired_signals.forces_class = forced_classes.lead_class
    group by fired_signals.inquiry_id
),

scored as (
    select
        derived.*,
        coalesce(signal_totals.signals_fired, 0) as signals_fired,
        coalesce(signal_totals.raw_points, 0) as raw_points,
        greatest(0, least(100, coalesce(signal_totals.raw_points, 0))) as lead_score,
        signal_totals.forced_class,
        coalesce(signal_totals.reasons, '') as reasons,
        coalesce(signal_totals.reasons_zh, '') as reasons_zh
    from derived
    left join signal_totals
        on derived.inquiry_id = signal_totals.inquiry_id
),

score_classes as (
    select
        scored.inquiry_id,
        lead_classes.lead_class,
        lead_classes.class_rank
    from scored
    inner join lead_classes
        on scored.lead_score >= lead_classes.min_score
    qualify row_number() over (partition by scored.inquiry_id order by lead_classes.min_score desc) = 1
),

-- a forcing signal caps the class: the lead gets the worse of its score class and the forced class
classified as (
    select
        scored.*,
        case
            when forced_classes.class_rank > score_classes.class_rank then forced_classes.lead_class
            else score_classes.lead_class
        end as lead_class,
        coalesce(forced_classes.class_rank > score_classes.class_rank, false) as is_class_forced
    from scored
    left join score_classes
        on scored.inquiry_id = score_classes.inquiry_id
    left join lead_classes as forced_classes
        on scored.forced_class = forced_classes.lead_class
)

select
    -- ids
    cast(classified.inquiry_id as string) as inquiry_id,
    cast(classified.customer_id as string) as customer_id,
    cast(classified.customer_match_method as string) as customer_match_method,

    -- timestamps
    cast(classified.received_at as timestamp) as received_at,
    cast(classified.received_date as date) as received_date,
    cast(date_trunc('month', classified.received_date) as date) as received_month,

    -- contact (no raw e-mail, phone or address: BI reads this mart)
    cast(classified.channel as string) as channel,
    cast(classified.company_name as string) as company_name,
    cast(classified.email_domain as string) as email_domain,
    cast(classified.website_domain as string) as website_domain,
    cast(classified.has_email as boolean) as has_email,
    cast(classified.has_phone as boolean) as has_phone,
    cast(classified.has_address as boolean) as has_address,
    cast(classified.phone_is_mobile as boolean) as phone_is_mobile,
    cast(classified.is_free_mail as boolean) as is_free_mail,
    cast(classified.has_company_email_domain as boolean) as has_company_email_domain,
    cast(classified.has_company_website as boolean) as has_company_website,
    cast(classified.email_matches_website as boolean) as email_matches_website,

    -- request
    cast(classified.product_mentioned as string) as product_mentioned,
    cast(classified.has_specific_product as boolean) as has_specific_product,
    cast(not classified.has_specific_product and (classified.message is null or classified.message_is_generic)
        as boolean) as is_vague_inquiry,

    -- follow-up answers
    cast(classified.industry as string) as industry,
    cast(classified.years_in_business as integer) as years_in_business,
    cast(classified.customer_type as string) as customer_type,
    cast(classified.annual_sales as string) as annual_sales,
    cast(classified.followup_answers as integer) as followup_answers,

    -- risk
    cast(classified.claims_international_company as boolean) as claims_international_company,
    cast(classified.has_residential_address as boolean) as has_residential_address,
    cast(
        classified.is_blacklisted_email or classified.is_blacklisted_phone or classified.is_blacklisted_customer
        as boolean
    ) as is_blacklisted_contact,

    -- score
    cast(classified.signals_fired as integer) as signals_fired,
    cast(classified.raw_points as integer) as raw_points,
    cast(classified.lead_score as integer) as lead_score,
    cast(classified.lead_class as string) as lead_class,
    cast(lead_classes.label_en as string) as lead_class_en,
    cast(lead_classes.label_zh as string) as lead_class_zh,
    cast(classified.is_class_forced as boolean) as is_class_forced,
    cast(lead_classes.next_action as string) as next_action,
    cast(lead_classes.next_action_zh as string) as next_action_zh,
    cast(classified.reasons as string) as reasons,
    cast(classified.reasons_zh as string) as reasons_zh
from classified
inner join lead_classes
    on classified.lead_class = lead_classes.lead_class
