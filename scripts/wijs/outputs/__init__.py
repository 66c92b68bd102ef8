"""Files written next to the built pages after the build: open data (``open_data``), feeds
(``feeds``), the numbers behind the insights page (``insights_data``). ``writers`` runs them all,
with the writers of the other features, in order."""
