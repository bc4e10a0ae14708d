{#-
    The rows a test of a delta-built model checks in a delta build of orders, as a SQL condition on
    `relation` ('' for every row). A model updated by strategy replace_recomputed_rows only changed the
    rows whose keys it wrote (delta_written_keys); every other row is the published build's, which passed
    the same test, since any change to the project makes the build full (cwh.build_scope). So a test
    whose verdict on a row depends on that row alone checks only the written rows:
    - not_null, accepted_values, and expression_is_true whose expression and `where` read no other table
      (no `select`), on the rows whose key was written (and rows with a NULL key);
    - unique on the model's key, and unique_combination over columns that include it, the same: every row
      of a written key was written;
    - unique on another column, on every row whose value a written row has (a clash with an old row).
    Only at severity error with the default thresholds (`!= 0`, count(*)): a count compared with a
    threshold above zero needs every row. Every other test (relationships: the parent may have changed;
    reconciliations; singular tests) and every test when the model was built whole, reads the whole table.
    Argument: relation (the model the test reads, from get_where_subquery).
-#}
{% macro delta_test_scope(relation) -%}
    {%- if not execute or 'orders' not in delta_entities() or model.resource_type != 'test'
        or not model.attached_node -%}
        {{ return('') }}
    {%- endif -%}
    {%- set parent = graph.nodes.get(model.attached_node) -%}
    {%- set kind = parent.config.get('recomputed_rows') if parent else none -%}
    {%- if not kind or parent.alias != relation.identifier or parent.schema != relation.schema -%}
        {{ return('') }}
    {%- endif -%}

    {%- set test_name = model.test_metadata.name if model.test_metadata else none -%}
    {%- set arguments = model.test_metadata.kwargs if model.test_metadata else {} -%}
    {%- set key = recomputed_rows_key(kind) -%}
    {%- set row_predicate = (arguments.get('expression', '') ~ ' ' ~ config.get('where', '')) | lower -%}
    {%- set by_threshold = config.get('severity', '') | lower != 'error'
        or config.get('warn_if', '!= 0') | replace(' ', '') != '!=0'
        or config.get('error_if', '!= 0') | replace(' ', '') != '!=0'
        or config.get('fail_calc', 'count(*)') | replace(' ', '') | lower != 'count(*)' -%}
    {%- if by_threshold or 'select' in row_predicate -%}
        {{ return('') }}
    {%- elif test_name in ('not_null', 'accepted_values', 'expression_is_true')
        or (test_name == 'unique' and arguments.get('column_name') == key)
        or (test_name == 'unique_combination' and key in arguments.get('columns', [])) -%}
        {%- set checked = none -%}
    {%- elif test_name == 'unique' -%}
        {%- set checked = arguments.get('column_name') -%}
    {%- else -%}
        {{ return('') }}
    {%- endif -%}

    {%- set written = delta_written_keys(relation) -%}
    {%- set found = run_query(
        "select count(*) from information_schema.tables where table_catalog = '" ~ written.database
        ~ "' and table_schema = '" ~ written.schema ~ "' and table_name = '" ~ written.identifier ~ "'"
    ) -%}
    {%- if found.columns[0].values()[0] == 0 -%}
        {{ return('') }}
    {%- endif -%}
    {%- set written_rows -%}
        ({{ key }} is null or {{ key }} in (select {{ key }} from {{ written }}))
    {%- endset -%}
    {%- if checked is none -%}
        {{ return(written_rows) }}
    {%- endif -%}
    {{ return(checked ~ ' in (select ' ~ checked ~ ' from ' ~ relation ~ ' where ' ~ written_rows ~ ')') }}
{%- endmacro %}
