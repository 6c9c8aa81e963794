"""Strand 4: anonymous survey of the children's services workforce.

Modules, one per phase:

- :mod:`csrr.strand4.data`: the questionnaire and the responses, their
  schemas, validation and loading;
- :mod:`csrr.strand4.demo`: the deterministic synthetic demo data;
- :mod:`csrr.strand4.analysis`: scale scores, reliability, comparisons by
  integration arrangement, barriers, and the disclosure-controlled release
  of every published table (through :mod:`csrr.sdc`);
- :mod:`csrr.strand4.figures`: the charts;
- :mod:`csrr.strand4.report`: findings (the synthesis's contract) and the report's tables;
- :mod:`csrr.strand4.values`: the values the report's Markdown reads, as text.
"""
