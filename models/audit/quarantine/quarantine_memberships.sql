{{ quarantine_rows('memberships', 'base_raw__memberships') }}
