{#-
    dbt's wrapper of the model a generic test reads (dispatched from get_where_subquery, which every
    generic test calls), extended: the rows matching the test's `where` config and, in a delta build of
    orders, only those the build wrote when that is enough to decide the test (delta_test_scope).
    Outside a delta build it is dbt's own behaviour. Argument: relation (the model the test reads).
-#}
{% macro default__get_where_subquery(relation) -%}
    {%- set conditions = [config.get('where', ''), delta_test_scope(relation)] | reject('equalto', '')
        | reject('none') | list -%}
    {%- if conditions -%}
        {%- set filtered -%}
            (select * from {{ relation }} where ({{ conditions | join(') and (') }})) dbt_subquery
        {%- endset -%}
        {{ return(filtered) }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}
