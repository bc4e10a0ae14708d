{#-
    Net Promoter Score in points (-100 to 100): % promoters - % detractors, over all NPS responses
    (passives count in the base, in neither term). NULL when there are no responses, never 0.
    Arguments: promoters, detractors, responses (SQL expressions: counts, usually aggregates).
    Example: net_promoter_score('count_if(is_promoter)', 'count_if(is_detractor)', 'count(*)') in a
    Jinja expression.
-#}
{% macro net_promoter_score(promoters, detractors, responses) -%}
    case
        when ({{ responses }}) > 0
            then 100.0 * (({{ promoters }}) - ({{ detractors }})) / ({{ responses }})
    end
{%- endmacro %}
