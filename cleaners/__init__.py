"""HTML in, clean article out: no HTTP, no database.

``clean_html(html, url)`` is the whole public contract; everything else here serves it.
"""

from cleaners.article import CleanArticle
from cleaners.clean import clean_html, content_hash
from cleaners.urls import canonicalize_url

__all__ = ["CleanArticle", "canonicalize_url", "clean_html", "content_hash"]
