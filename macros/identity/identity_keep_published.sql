{#-
    True when the calling model must keep what it published last time instead of rebuilding: a dry run
    (var identity_dry_run) and the model's table already exists. Published identity models then select
    everything from their own table (this) instead of their query, so a dry run changes nothing that BI
    or later marts read. On a dry run into an empty warehouse the models are built empty (see
    identity_dry_run_filter). No argument.
-#}
{% macro identity_keep_published() %}
    {%- if not execute or not var('identity_dry_run') -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set existing = adapter.get_relation(database=this.database, schema=this.schema, identifier=this.identifier) -%}
    {{ return(existing is not none) }}
{% endmacro %}
