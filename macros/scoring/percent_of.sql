{#-
    `part` as a percentage of `whole` (0-100, double); NULL when whole is 0 or NULL, so an empty group
    never reads as 0 %. Arguments: part, whole (SQL expressions).
-#}
{% macro percent_of(part, whole) -%}
    case when ({{ whole }}) > 0 then 100.0 * ({{ part }}) / ({{ whole }}) end
{%- endmacro %}
