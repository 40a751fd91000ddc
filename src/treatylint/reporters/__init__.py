"""Reporters turn findings into text for people (terminal) and machines (JSON)."""
