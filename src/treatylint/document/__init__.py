"""Document model, input reading and structure parsing."""
