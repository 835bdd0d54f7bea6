"""Models of the fitheidscan: versions and results, and the one page. Import every model here
so Django finds them."""

from .results import ScanResult, ScanVersion

# The page last: it imports the views, which import the modules above.
from .pages import ScanPage  # isort: skip

__all__ = ["ScanPage", "ScanResult", "ScanVersion"]
