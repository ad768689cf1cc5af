"""One package per page, each of the same shape: ``page.py`` picks the view, ``params.py``
declares its URL parameters, ``cache.py`` holds its caches, and one module per view lays out."""
