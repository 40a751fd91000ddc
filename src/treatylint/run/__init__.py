"""One run: inputs and directory walks, one file linted (read -> parse -> classify -> rules ->
triage), many files over workers, and the results cache."""
