{#-
    The rows a test of a delta-built model checks in a delta build of orders, as a SQL condition on
    `relation` ('' for every row). A model a delta build updated by its incremental strategy changed only
    the rows whose keys it wrote (delta_written_keys); every other row is the published build's, which passed
    the same test, since any change to the project makes the build full (cwh.build_scope). So a test
    whose verdict on a row depends on that row alone checks only the written rows:
    - not_null, accepted_values, and expression_is_true whose expression and `where` read no other table
      (no `select`), on the rows whose key was written (and rows with a NULL key);
    - unique on the model's key, and unique_combination over columns that include it, the same: every row
      of a written key was written;
    - unique on another column, on every row whose value a written row has (a clash with an old row);
    - relationships, on the written rows, when the parent is not built in this run (not in
      selected_resources), or is updated by the same delta kind ('orders' or 'customers', which
      recompute the same keys in every model) with the tested column and `field` both the key: an old
      row's key was not recomputed, so the parent's row of it is still there;
    - list_values_in (each element of a list in a reference table), on the written rows, when the
      reference is not built in this run.
    A view that reads one delta-built model and nothing else (stg_raw__orders over base_raw__orders)
    changed exactly where that model did: its tests take the model's kind and written keys.
    unique_combination over columns without the key checks every row.
    Only at severity error with the default thresholds (`!= 0`, count(*)): a count compared with a
    threshold above zero needs every row. Every other test (other relationships: the parent may have
    lost a key an old row has; reconciliations; singular tests), and every test of a model built whole,
    reads the whole table.
    Argument: relation (the model the test reads, from get_where_subquery).
-#}
{% macro delta_test_scope(relation) -%}
    {%- if not execute or 'orders' not in delta_entities() or model.resource_type != 'test'
        or not model.attached_node -%}
        {{ return('') }}
    {%- endif -%}
    {%- set parent = graph.nodes.get(model.attached_node) -%}
    {%- if not parent or parent.alias != relation.identifier or parent.schema != relation.schema -%}
        {{ return('') }}
    {%- endif -%}
    {#- the model whose written keys name the changed rows: the parent, or the one model a view reads -#}
    {%- set written_by = parent -%}
    {%- if not parent.config.get('recomputed_rows') and parent.config.materialized == 'view'
        and parent.depends_on.nodes | length == 1 -%}
        {%- set written_by = graph.nodes.get(parent.depends_on.nodes[0]) -%}
    {%- endif -%}
    {%- set kind = written_by.config.get('recomputed_rows') if written_by else none -%}
    {%- if not kind -%}
        {{ return('') }}
    {%- endif -%}
    {%- set written_table = node_table(written_by) -%}

    {#- what the test reads besides the model: the reference table of relationships or list_values_in -#}
    {%- set referenced_ids = model.depends_on.nodes | reject('equalto', model.attached_node) | list -%}
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
    {%- elif test_name == 'list_values_in' -%}
        {%- if referenced_ids | select('in', selected_resources) | list | length > 0 -%}
            {{ return('') }}
        {%- endif -%}
        {%- set checked = none -%}
    {%- elif test_name == 'relationships' -%}
        {%- set referenced = graph.nodes.get(referenced_ids[0]) if referenced_ids | length == 1 else none -%}
        {%- if referenced is none -%}
            {{ return('') }}
        {%- endif -%}
        {%- set referenced_table = node_table(referenced) -%}
        {%- set unchanged_parent = referenced.unique_id not in selected_resources -%}
        {%- set same_delta = kind in ('orders', 'customers')
            and referenced.config.get('recomputed_rows') == kind
            and arguments.get('column_name') == key and arguments.get('field') == key
            and delta_written_exists(referenced_table) -%}
        {%- if not (unchanged_parent or same_delta) -%}
            {{ return('') }}
        {%- endif -%}
        {%- set checked = none -%}
    {%- else -%}
        {{ return('') }}
    {%- endif -%}

    {%- if not delta_written_exists(written_table) -%}
        {{ return('') }}
    {%- endif -%}
    {%- set written_rows -%}
        ({{ key }} is null or {{ key }} in (select {{ key }} from {{ delta_written_keys(written_table) }}))
    {%- endset -%}
    {%- if checked is none -%}
        {{ return(written_rows) }}
    {%- endif -%}
    {{ return(checked ~ ' in (select ' ~ checked ~ ' from ' ~ relation ~ ' where ' ~ written_rows ~ ')') }}
{%- endmacro %}
