{#-
    The reason code of the first hard rule a row breaks, or NULL when it breaks none.
    Argument: rules, a list of [sql_condition, reason_code] pairs in priority order. Codes must be
    listed in seed quarantine_reasons (a test checks every quarantined code against it).
-#}
{% macro reject_reason(rules) -%}
    case
        {%- for rule in rules %}
        when {{ rule[0] }} then '{{ rule[1] }}'
        {%- endfor %}
    end
{%- endmacro %}
