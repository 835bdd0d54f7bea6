"""Views behind the routes of the community pages, one module per part of a community.

Views read input, call one service and render; a ``CommunityError`` becomes its Dutch message
with a 4xx status, never a 500.
"""
