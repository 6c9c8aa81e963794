"""Strand 3: national scoping and mapping study of the 32 council areas.

Modules, one per phase:

- :mod:`csrr.strand3.data`: the input tables' schemas, validation and loading;
- :mod:`csrr.strand3.demo`: the deterministic generator of the demo data;
- :mod:`csrr.strand3.realdata`: adapter from real published formats (ScotPHO
  profiles, the SIMD 2020v2 data zone lookup) to the strand's schema;
- :mod:`csrr.strand3.analysis`: classification, trends, adjusted models and
  findings;
- :mod:`csrr.strand3.figures`: the tile-grid map and the charts.
"""
