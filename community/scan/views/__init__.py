"""Views of the fitheidscan, called by the routes of ``ScanPage`` with the page first."""
