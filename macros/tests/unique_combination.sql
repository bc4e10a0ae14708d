{#-
    Generic test: fails for every combination of `columns` that more than one row has (rows with a NULL
    in any of them are not compared, as `unique` skips NULL). It groups by the columns themselves, so
    it is cheaper than `unique` on a concatenated text key and cannot mistake 'a/b' + 'c' for 'a' + 'b/c'.
    Arguments: columns (list of column names, the model's grain).
    Example: `columns: [snapshot_date, customer_id]`.
-#}
{% test unique_combination(model, columns) %}
select
    {{ columns | join(', ') }},
    count(*) as n_records
from {{ model }}
where
    {% for column in columns -%}
        {{ column }} is not null{% if not loop.last %} and {% endif %}
    {%- endfor %}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
