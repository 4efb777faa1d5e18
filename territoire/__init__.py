"""Single-source document pipeline for a Projet de Territoire (YAML -> PDF, DOCX, PPTX, XLSX, HTML)."""

__version__ = "0.1.0"
