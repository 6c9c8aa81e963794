"""Strand 5: focus groups and interviews with the children's services workforce.

The strand explores, with people working in statutory and third-sector
services, the emerging findings of strands 3 and 4. Its modules follow the
phases of every strand:

- :mod:`csrr.strand5.demo`: the synthetic demonstration data (deterministic);
- :mod:`csrr.strand5.data`: schemas, the codebook, validation and loading
  (unapproved excerpts are dropped and approved ones redacted on load, so no
  other code ever holds their raw text);
- :mod:`csrr.strand5.analysis`: participant profile (with disclosure control),
  theme prevalence, co-occurrence, illustrative quotes and the findings;
- :mod:`csrr.strand5.figures`: the charts, each with a text alternative
  computed from the data.
- :mod:`csrr.strand5.values`: the values the report's Markdown reads through
  inline expressions, each already formatted as text.
"""
