{#-
    `Source Customer ID ` -> `source_customer_id`: lower case, runs of other characters become `_`.
    The same rule as cwh.rawfiles.normalize_column_name (used for CSV headers). Argument: name.
-#}
{% macro normalize_column_name(name) %}
    {{- return(modules.re.sub('[^0-9a-z]+', '_', name | trim | lower).strip('_')) -}}
{% endmacro %}
