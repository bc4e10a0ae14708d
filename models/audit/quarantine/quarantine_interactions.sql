{{ quarantine_rows('interactions', 'base_raw__interactions') }}
