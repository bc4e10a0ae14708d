{#-
    Generic test: the rows that went in equal the rows that came out, so nothing is lost silently.
    Fails with one row (the counts and their difference) when
        sum(count of each relation in `inputs`) != count(model) + sum(count of each relation in `outputs`).
    Arguments: inputs (list of relations or parenthesised subqueries), outputs (list, may be empty).
    Example (staging): inputs [raw.customers, malformed lines of customers], outputs [quarantine].
-#}
{% test row_count_reconciles(model, inputs, outputs=[]) %}
with

counts as (
    select
        (
            {%- for relation in inputs %}
            (select count(*) from {{ relation }}){{ " +" if not loop.last }}
            {%- endfor %}
        ) as rows_in,
        (
            (select count(*) from {{ model }})
            {%- for relation in outputs %}
            + (select count(*) from {{ relation }})
            {%- endfor %}
        ) as rows_out
)

select
    rows_in,
    rows_out,
    rows_in - rows_out as rows_missing
from counts
where rows_in != rows_out
{% endtest %}
