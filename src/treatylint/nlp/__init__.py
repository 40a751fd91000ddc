"""NLP layer: the spaCy pipeline and treaty-aware sentence boundaries."""
