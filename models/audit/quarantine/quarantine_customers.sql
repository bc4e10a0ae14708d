{{ quarantine_rows('customers', 'base_raw__customers') }}
