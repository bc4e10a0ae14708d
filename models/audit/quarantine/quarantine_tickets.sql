{{ quarantine_rows('tickets', 'base_raw__tickets') }}
