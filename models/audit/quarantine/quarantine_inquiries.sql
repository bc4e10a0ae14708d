{{ quarantine_rows('inquiries', 'base_raw__inquiries') }}
