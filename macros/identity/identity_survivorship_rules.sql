{#-
    The survivorship rules of seed survivorship_rules as a dict: attribute -> {rule, sources}, where
    sources is the source_priority list (`crm>store>shop` -> ['crm', 'store', 'shop']). Read when the
    model compiles, so the golden-record query is written for the rules in force (one aggregation pass,
    no per-attribute window). The calling model must `ref` the seed. Every attribute of macro
    identity_golden_attributes needs a rule, else the build stops naming the missing ones.
    Returns {} while dbt parses. No argument.
-#}
{% macro identity_survivorship_rules() %}
    {%- if not execute -%}
        {{ return({}) }}
    {%- endif -%}
    {%- set result = run_query(
        "select attribute, rule, source_priority from " ~ seed_relation('survivorship_rules')
    ) -%}
    {%- set rules = {} -%}
    {%- for row in result.rows -%}
        {%- set sources = [] -%}
        {%- for source in (row[2] or '').split('>') if source | trim -%}
            {%- do sources.append(source | trim | lower) -%}
        {%- endfor -%}
        {%- do rules.update({row[0]: {'rule': row[1], 'sources': sources}}) -%}
    {%- endfor -%}
    {%- set missing = [] -%}
    {%- for attribute in identity_golden_attributes() if attribute.name not in rules -%}
        {%- do missing.append(attribute.name) -%}
    {%- endfor -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(
            "survivorship: no rule in seed survivorship_rules for " ~ missing | join(', ')
            ~ ". Add a row per attribute and run `dbt seed -s survivorship_rules`."
        ) }}
    {%- endif -%}
    {{ return(rules) }}
{% endmacro %}
