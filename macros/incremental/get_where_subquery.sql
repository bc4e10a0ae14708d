{#-
    dbt's wrapper of the model a generic test reads (dispatched from get_where_subquery, which every
    generic test calls), extended: the rows matching the test's `where` config and, in a delta build of
    orders, only those the build wrote when that is enough to decide the test (delta_test_scope).
    Outside a delta build it renders exactly what dbt's own version does. Argument: relation (the model
    the test reads).
-#}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set scope = delta_test_scope(relation) -%}
    {%- if where and scope -%}
        {%- set where = '(' ~ where ~ ') and ' ~ scope -%}
    {%- elif scope -%}
        {%- set where = scope -%}
    {%- endif -%}
    {%- if where -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {{ return(filtered) }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}
