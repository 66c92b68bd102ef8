"""Conversion with pandoc: Word/OpenDocument → report (``importer``), report → PDF/DOCX
downloads (``downloads``)."""
