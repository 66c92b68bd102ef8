"""Search: the Whoosh index behind ``wijs search`` and related research, the Pagefind index
and the /zoeken/ page of the static site."""
