"""Turn executed notebooks into HTML, PDF and Word.

Two engines: Quarto, when a ``quarto`` binary is on PATH and asked for, and
the built-in engine (pandoc + the house Lua filters + Typst), pinned in the
lock file, which reproduces the Quarto behaviour the reports use.
"""
