"""What the site shows: every generated page as data (a URL and its Markdown), no MkDocs.

``wijs.pages.plan.plan_site(corpus, ...)`` returns the pages and the files to copy; the MkDocs
plugin turns them into virtual files, and another generator could do the same. ``site`` and
``render`` are what every page family builds on; ``plan`` is the one module that knows them all.
"""
