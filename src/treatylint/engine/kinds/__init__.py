"""Provision kinds: which provisions (and clauses) create offences, powers, safeguards..."""
