"""Fixtures for the tests of ``/zoeken/``: the theme Duurzaamheid and a region with one item of
every kind the search finds (``tests.search.world``)."""

import pytest

from .world import build_region, sustainability


@pytest.fixture
def theme(db):
    return sustainability()


@pytest.fixture
def region(home, theme):
    return build_region(home, theme)
