-- One row per candidate pair with its Fellegi-Sunter match weight: the prior log2-odds of a match plus
-- the log2(m/u) weight of each field's comparison level, with the model in force
-- (int_customer_match_parameters_stored), and the match probability it implies. Pairs are scored per
-- distinct comparison pattern (a few thousand) and joined back, so scoring millions of pairs is one
-- hash join. An exact name match is worth less for a common name: the term-frequency adjustment
-- log2(u / frequency of the name) (only ever a penalty) makes two 张伟 in one city weaker evidence than
-- two 鲍睿轩. is_match: weight at least var identity_match_weight.
{%- set comparisons = identity_comparisons() %}
{%- set weight_terms = [] %}
{%- set join_terms = [] %}
{%- set level_columns = [] %}
{%- for comparison in comparisons %}
    {%- do level_columns.append(comparison ~ '_level') %}
    {%- do weight_terms.append(comparison ~ '_parameters.match_weight') %}
    {%- do join_terms.append('pairs.' ~ comparison ~ '_level = pattern_weights.' ~ comparison ~ '_level') %}
{%- endfor %}
with

pairs as (
    select * from {{ ref('int_customer_pairs_compared') }}
),

stored as (
    select {{ star_except(['trained_at', 'training_run_id']) }} from {{ ref('int_customer_match_parameters_stored') }}
),

estimated as (
    select * from {{ ref('int_customer_match_parameters_estimated') }}
),

-- the stored model; this run's estimate only while none is stored (a dry run into an empty warehouse)
parameters as (
    select * from stored
    {{ union_all_by_name() }}
    select * from estimated
    where not exists (select 1 from stored)
),

prior as (
    select max(prior_match_weight) as prior_match_weight from parameters
),

exact_name as (
    select u_random_probability as u_exact_name
    from parameters
    where comparison = 'name' and label = 'exact'
),

patterns as (
    select distinct {{ level_columns | join(', ') }}
    from pairs
),

pattern_weights as (
    select
        patterns.*,
        prior.prior_match_weight + {{ weight_terms | join(' + ') }} as match_weight
    from patterns
    cross join prior
    {%- for comparison in comparisons %}
    inner join parameters as {{ comparison }}_parameters
        on
            {{ comparison }}_parameters.comparison = '{{ comparison }}'
            and patterns.{{ comparison }}_level = {{ comparison }}_parameters.level
    {%- endfor %}
),

adjusted as (
    select
        pairs.*,
        case
            when pairs.name_level = 11 and pairs.name_frequency > exact_name.u_exact_name
                then log2(exact_name.u_exact_name / pairs.name_frequency)
            else 0.0
        end as name_frequency_adjustment,
        pattern_weights.match_weight + name_frequency_adjustment as match_weight
    from pairs
    cross join exact_name
    inner join pattern_weights
        on {{ join_terms | join(' and ') }}
)

select
    *,
    1.0 / (1.0 + pow(2.0, -match_weight)) as match_probability,
    match_weight >= {{ var('identity_match_weight') }} as is_match
from adjusted
