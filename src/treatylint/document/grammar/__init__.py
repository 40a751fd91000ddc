"""The heading grammar (headings.yml, package data) and its compiler: see compiler.py."""

from treatylint.document.grammar.compiler import CompiledGrammar, HeadingMatch, load_grammar

__all__ = ["CompiledGrammar", "HeadingMatch", "load_grammar"]
