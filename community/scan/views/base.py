"""What the scan's views share: the Dutch error page and private, unstored responses."""

from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from ..services import ScanError


def error_page(request, page, error: ScanError):
    return private(
        TemplateResponse(
            request,
            "scan/error.html",
            {"page": page, "self": page, "message": error.message},
            status=error.status,
        )
    )


def private(response):
    """A result is personal: never in a shared cache, never in the page cache."""
    add_never_cache_headers(response)
    response["Cache-Control"] += ", private"
    return response
