"""The final report: the five strands' findings read against one framework.

The synthesis reads only what the strands publish: each strand's
``findings.json`` (and, for section titles and embedded figures, its executed
full report). Modules, one per phase:

- :mod:`csrr.synthesis.inputs`: the framework and strands from
  ``params/synthesis.yml``, the findings files, and every cross-reference
  between them, checked before anything is written;
- :mod:`csrr.synthesis.triangulation`: the element x strand matrix and the
  rule that calls each element's evidence convergent, mixed, single-source
  or absent;
- :mod:`csrr.synthesis.traceability`: citations (a link in HTML, the report
  and section named in every format) and the check that every number written
  beside a citation is one of the cited findings' numbers;
- :mod:`csrr.synthesis.report`: what the notebook's Markdown prints (values
  in words, footnote citations) and the report's tables, figure and embeds.
  Every sentence is written in the notebook's Markdown cells.
"""
