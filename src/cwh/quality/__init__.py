"""Data quality of the build (docs/data-quality.md).

- `publish`: the build works on a copy of the warehouse and publishes it atomically.
- `suites`, `frames`, `checkpoint`: Great Expectations suites (gx/expectations) validated on frames
  DuckDB computes (row batches, aggregates), Data Docs in reports/data_docs.
- `history`: dbt, freshness, Great Expectations and drift results appended to schema audit.
- `drift`: this build's volumes, segment shares and quarantine rates against the last good builds.
"""
