"""What the site shows: every generated page as data (a URL and its Markdown), no MkDocs.

``plan_site(corpus, ...)`` returns the pages and the files to copy; the MkDocs plugin turns them
into virtual files, and another generator could do the same.
"""

from wijs.pages.site import GeneratedPage, Site, SitePlan, StaticFile, plan_site

__all__ = ["GeneratedPage", "Site", "SitePlan", "StaticFile", "plan_site"]
