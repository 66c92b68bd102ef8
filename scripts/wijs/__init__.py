"""WIJS Onderzoeksbank: the report model, its checks and the pages built from it.

The small public surface, in the spirit of python-frontmatter::

    from wijs import load_vocabulary, load_corpus, read_report
"""

from wijs.corpus import load_corpus
from wijs.diagnostics import Diagnostic, Severity
from wijs.model import Report, ReportMeta
from wijs.reader import read_report
from wijs.research import Corpus
from wijs.vocabulary import Vocabulary, load_vocabulary

__all__ = [
    "Corpus",
    "Diagnostic",
    "Report",
    "ReportMeta",
    "Severity",
    "Vocabulary",
    "load_corpus",
    "load_vocabulary",
    "read_report",
]
