{#-
    The list of soft-rule codes a row breaks (empty list when none), for column `dq_flags`.
    Argument: flags, a list of [sql_condition, flag_code] pairs; codes are in seed quarantine_reasons.
-#}
{% macro soft_flags(flags) -%}
    list_filter([
        {%- for flag in flags %}
        case when {{ flag[0] }} then '{{ flag[1] }}' end{{ "," if not loop.last }}
        {%- endfor %}
    ], flag -> flag is not null)
{%- endmacro %}
