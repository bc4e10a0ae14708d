{#-
    Aggregate: the sum of a floating-point expression taken in fixed point (decimal(38, 12)), so it does
    not depend on the order the rows arrive in. A sum of doubles does: DuckDB aggregates in parallel and
    adds the rows in a different order from run to run, and a score at a rounding edge (43.75 summed as
    43.7499999...) came out 43.7 in one build and 43.8 in the next. Twelve decimals keep every weight
    and 0-100 score of the scoring marts exact to far below the rounding they get. The result is a
    decimal; cast it to double where the column is one.
    Argument: expr (SQL expression, numeric, |value| below 1e26).
    Example: exact_sum('input_weight * input_score').
-#}
{% macro exact_sum(expr) -%}
    sum(cast({{ expr }} as decimal(38, 12)))
{%- endmacro %}
