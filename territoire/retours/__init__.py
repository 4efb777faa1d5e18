"""Partners' returns: readers (DOCX, ODT) → typed remarks located by ID → register, summary, write-back.

The inverse of the builders: each reader turns one returned file into the same `Extract` (paragraphs with
their tracked changes, comments), `locate` turns it into `Remark`s placed in the plan, and the register,
the summary and the write-back consume those remarks without touching OOXML or ODF themselves.
"""
