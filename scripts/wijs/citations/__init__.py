"""Citations: BibTeX read safely, APA through citeproc (the CSL engine), on the page, in the
downloads and as exports."""
