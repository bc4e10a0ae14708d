{#-
    Quantile score 1..`levels` in which equal values always get equal scores: 1 + floor(levels x the
    share of rows in the partition with a strictly worse value). With distinct values this is exactly
    the quantile (quintile for levels = 5); tied values all get the score of the first of them, so a
    large tie at the bottom can leave a score unused instead of splitting equal customers at random.
    Arguments:
      column: SQL expression to score (NULLs are ranked last by the engine; filter them out first).
      levels: number of scores (5 = quintiles).
      better: 'higher' (more is better: frequency, monetary) or 'lower' (less is better: recency).
      partition_by: optional SQL expression; scores are computed within each partition.
    Example: share_below_score('recency_days', 5, better='lower', partition_by='snapshot_date').
-#}
{% macro share_below_score(column, levels, better='higher', partition_by=none) -%}
    {%- if better not in ['higher', 'lower'] -%}
        {{ exceptions.raise_compiler_error("share_below_score: better must be 'higher' or 'lower', got '" ~ better ~ "'") }}
    {%- endif -%}
    {%- set partition = 'partition by ' ~ partition_by if partition_by else '' -%}
    cast(
        1 + floor(
            {{ levels }} * (rank() over ({{ partition }} order by {{ column }} {{ 'asc' if better == 'higher' else 'desc' }}) - 1)
            / cast(count(*) over ({{ partition }}) as double)
        ) as integer
    )
{%- endmacro %}
