"""Rule packs: the rule schema, loading and validating packs, and their regexes (compiling,
safety probes, time budgets)."""
