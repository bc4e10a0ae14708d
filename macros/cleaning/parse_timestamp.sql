{#-
    Text to timestamp, trying the accepted formats in order; NULL when none fits or the date is not real.
    Accepted: ISO 8601 (2024-05-01, 2024-05-01 13:45:00, 2024-05-01T13:45:00), 2024/05/01[ 13:45[:00]],
    20240501, 20240501134500, 2024年5月1日, 2024.05.01, and slash dates 01/05/2024: day first when the
    first number is > 12, month first when the second is > 12, and var ambiguous_slash_date_order
    (day_first / month_first) when both are <= 12. Argument: expr (cleaned text).
-#}
{% macro parse_timestamp(expr) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'customer_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__parse_timestamp(expr) -%}
    {%- set day_first = ['%d/%m/%Y', '%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S', '%d-%m-%Y'] -%}
    {%- set month_first = ['%m/%d/%Y', '%m/%d/%Y %H:%M', '%m/%d/%Y %H:%M:%S', '%m-%d-%Y'] -%}
    {%- set slash_order = [day_first, month_first] if var('ambiguous_slash_date_order') == 'day_first' else [month_first, day_first] -%}
    coalesce(
        try_cast({{ expr }} as timestamp),
        try_strptime({{ expr }}, [
            '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y/%m/%d', '%Y%m%d', '%Y%m%d%H%M%S',
            '%Y年%m月%d日', '%Y年%m月%d日 %H:%M', '%Y年%m月%d日 %H:%M:%S', '%Y.%m.%d'
        ]),
        try_strptime({{ expr }}, {{ slash_order[0] | tojson | replace('"', "'") }}),
        try_strptime({{ expr }}, {{ slash_order[1] | tojson | replace('"', "'") }})
    )
{%- endmacro %}

{% macro spark__parse_timestamp(expr) -%}
    {#- DuckDB's cast reads ISO-like text (- or / between the date parts, T or a space before the time,
        an offset it ignores); Spark's cast would also read '2024' or shift an offset, so only text of
        that shape is cast, offset removed. The strptime formats are the Java patterns of the default. -#}
    {%- set day_first = ['d/M/yyyy', 'd/M/yyyy H:m', 'd/M/yyyy H:m:s', 'd-M-yyyy'] -%}
    {%- set month_first = ['M/d/yyyy', 'M/d/yyyy H:m', 'M/d/yyyy H:m:s', 'M-d-yyyy'] -%}
    {%- set slash_order = [day_first, month_first] if var('ambiguous_slash_date_order') == 'day_first' else [month_first, day_first] -%}
    {%- set formats = ['yyyyMMdd', 'yyyyMMddHHmmss', 'yyyy年M月d日', 'yyyy年M月d日 H:m', 'yyyy年M月d日 H:m:s', 'yyyy.M.d'] + slash_order[0] + slash_order[1] -%}
    coalesce(
        case
            when {{ regexp_full_match('trim(' ~ expr ~ ')', '\\d{4}[-/]\\d{1,2}[-/]\\d{1,2}([ T]\\d{1,2}:\\d{1,2}(:\\d{1,2}(\\.\\d{1,9})?)?)?([+-]\\d{2}(:?\\d{2})?)?') }}
                then try_cast(
                    translate({{ regexp_replace_all('trim(' ~ expr ~ ')', '(:\\d{1,2}(\\.\\d{1,9})?)[+-]\\d{2}(:?\\d{2})?$', '$1') }}, '/T', '- ')
                    as timestamp
                )
        end
        {%- for format in formats %},
        try_to_timestamp({{ expr }}, '{{ format }}')
        {%- endfor %}
    )
{%- endmacro %}
