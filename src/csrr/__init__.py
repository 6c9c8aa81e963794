"""CSRR publishing toolchain: the Children's Services Reform Research study.

The package holds every piece of logic the reports need, in modules named by
the phase they serve (params, data validation, findings, charts, disclosure
control, redaction, rendering, publishing, checks). Notebooks stay thin: a
parameters cell, calls into this package, and display.
"""

__version__ = "0.1.0"
