"""Strand 1: rapid evidence review of models of integrating children's services.

Modules, one per phase:

- :mod:`csrr.strand1.config`: the review's settings from ``params/strand1.yml``
  (eligible countries, integration models, the evidence-strength rule);
- :mod:`csrr.strand1.demo`: the deterministic generator of the illustrative data;
- :mod:`csrr.strand1.data`: schemas, loading and validation of the inputs;
- :mod:`csrr.strand1.prisma`: PRISMA 2020 counts and their reconciliation;
- :mod:`csrr.strand1.analysis`: directions of effect, the evidence map,
  evidence strength and the findings;
- :mod:`csrr.strand1.figures`: the charts, each with alt text from the data;
- :mod:`csrr.strand1.report`: the tables the notebook displays;
- :mod:`csrr.strand1.values`: the values its Markdown sentences read, formatted.
"""

STRAND = "strand1"
