"""Tools for rule authors: the annotated fixture tests (``treatylint test``) and rule docs."""
