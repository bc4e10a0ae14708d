{#-
    The list of soft-rule codes a row breaks (empty list when none), for column `dq_flags`.
    Argument: flags, a list of [sql_condition, flag_code] pairs; codes are in seed quarantine_reasons.
-#}
{% macro soft_flags(flags) -%}
    {%- set items = [] -%}
    {%- for flag in flags -%}
        {%- do items.append("case when " ~ flag[0] ~ " then '" ~ flag[1] ~ "' end") -%}
    {%- endfor -%}
    {{ list_without_nulls(items) }}
{%- endmacro %}
