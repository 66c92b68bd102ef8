"""The vraagbank: research questions from WIJ teams, schools and other commissioners, each a
file in research/vragen/, tied to the reports that answer them (``answers:`` in a report)."""
