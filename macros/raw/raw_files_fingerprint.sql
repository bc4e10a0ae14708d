{#-
    A fingerprint of a set of raw files and the contract they are read with: names, sizes and
    modification times, plus the contract's column list. Equal fingerprints mean nothing to reload.
    Arguments: files (list of paths), contract (list of column names).
-#}
{% macro raw_files_fingerprint(files, contract) %}
    {%- set contract_part = 'contract:' ~ contract | join(',') -%}
    {%- if files | length == 0 -%}
        {{ return(local_md5('no files|' ~ contract_part)) }}
    {%- endif -%}
    {%- set query -%}
        select string_agg(filename || '|' || size || '|' || epoch_ms(last_modified), ';' order by filename)
        from read_blob([{%- for file in files -%}'{{ file }}'{{ ", " if not loop.last }}{%- endfor -%}])
    {%- endset -%}
    {{ return(local_md5(run_query(query).columns[0].values()[0] ~ '|' ~ contract_part)) }}
{% endmacro %}
