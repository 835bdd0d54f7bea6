"""Views behind the routes of ``IntervisionIndexPage``, one module per part: ``applications``,
``space`` and ``notes``; each takes ``(request, page, ...)`` and never imports the page module.
"""
