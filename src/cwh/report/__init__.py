"""The one-page HTML report (`python -m cwh report`): headline numbers, the main charts and the
data-quality state of the last build, in one self-contained file (charts are embedded PNGs)."""
