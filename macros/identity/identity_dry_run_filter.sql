{#-
    A SQL boolean that is false on a dry run (var identity_dry_run) and true otherwise: published identity
    models filter their rows with it, so a dry run into an empty warehouse publishes no rows. No argument.
-#}
{% macro identity_dry_run_filter() -%}
    {{ 'false' if var('identity_dry_run') else 'true' }}
{%- endmacro %}
