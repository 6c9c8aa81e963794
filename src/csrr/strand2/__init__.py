"""Strand 2: deep-dive case studies.

Four countries' models of children's social care and its links with health,
education and adult social care, and a Scottish case on the 2013 national
reform of police and fire and rescue services. Modules by phase:

- :mod:`csrr.strand2.demo`: writes the illustrative demo data;
- :mod:`csrr.strand2.data`: the case-file schemas, loading and validation;
- :mod:`csrr.strand2.analysis`: comparison matrix, timelines, cross-case
  themes, common approaches, the reform case's lessons, and findings;
- :mod:`csrr.strand2.values`: the values the report's Markdown reads, as text;
- :mod:`csrr.strand2.profiles`: case profiles (Annex B) as tables built from the case files;
- :mod:`csrr.strand2.figures`: the charts, with text alternatives from the data.
"""
