"""Rule engine: rule schema and loading, provision classification, context resolution, matching."""
