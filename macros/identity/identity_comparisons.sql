{#-
    The compared fields of identity resolution, in model order: each has a `<field>_level` column in
    the pair models (macro identity_comparison_levels) and rows in seed identity_comparison_levels.
    No argument; returns a list of names.
-#}
{% macro identity_comparisons() %}
    {{ return(['name', 'birth_date', 'email', 'phone', 'location', 'gender']) }}
{% endmacro %}
