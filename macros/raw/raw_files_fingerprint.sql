{#-
    A fingerprint of a set of raw files and the contract they are read with: names (relative to
    raw_dir, so the same files copied or mounted elsewhere are still recognised), sizes and
    modification times, plus the contract's column list. Equal fingerprints mean nothing to reload.
    Arguments: files (list of paths), contract (list of column names), raw_dir (the folder they are in).
-#}
{% macro raw_files_fingerprint(files, contract, raw_dir) %}
    {%- set contract_part = 'contract:' ~ contract | join(',') -%}
    {%- if files | length == 0 -%}
        {{ return(local_md5('no files|' ~ contract_part)) }}
    {%- endif -%}
    {%- set query -%}
        {%- set prefix = raw_dir.rstrip('/') ~ '/' %}
        select string_agg(
            (case when starts_with(filename, '{{ prefix }}') then filename[{{ prefix | length + 1 }}:] else filename end)
                || '|' || size || '|' || epoch_ms(last_modified),
            ';' order by filename
        )
        from read_blob([{%- for file in files -%}'{{ file }}'{{ ", " if not loop.last }}{%- endfor -%}])
    {%- endset -%}
    {{ return(local_md5(run_query(query).columns[0].values()[0] ~ '|' ~ contract_part)) }}
{% endmacro %}
