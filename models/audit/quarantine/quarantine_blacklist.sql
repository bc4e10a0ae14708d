{{ quarantine_rows('blacklist', 'base_raw__blacklist') }}
