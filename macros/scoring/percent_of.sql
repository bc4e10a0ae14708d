{#-
    `part` as a percentage of `whole` (0-100, double); NULL when whole is 0 or NULL, so an empty group
    never reads as 0 %. Divided as doubles: Spark divides decimals (sums of money) to 6 decimal places,
    DuckDB as doubles. Arguments: part, whole (SQL expressions).
-#}
{% macro percent_of(part, whole) -%}
    case when ({{ whole }}) > 0 then cast(100.0 * ({{ part }}) as double) / cast(({{ whole }}) as double) end
{%- endmacro %}
