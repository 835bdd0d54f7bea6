"""Factories for Wagtail pages: the default site's home, and a base that publishes under a parent.

Every page factory of the suite derives from ``PageFactory``; the index pages live with their app.
"""

from __future__ import annotations

from typing import Any

import factory

from wagtail.models import Page, Site


def default_home() -> Page:
    """The default site's root page (the migrations make it; a transactional test gets it back
    with the rest of their data, see ``restore_migration_data`` in tests/conftest.py)."""
    return Site.objects.get(is_default_site=True).root_page.specific


def publish(parent: Page, page: Page) -> Page:
    """Add ``page`` under ``parent``, publish it, and return it fresh from the database."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


class PageFactory(factory.Factory):
    """A page added under ``parent`` (the default home unless given) and published.

    ``themes=[...]`` sets the page's themes before publishing; ``publish=False`` leaves a draft
    that is not live.
    """

    class Meta:
        abstract = True

    parent = factory.LazyFunction(default_home)

    @classmethod
    def _create(cls, model_class: type[Page], *args: Any, **kwargs: Any) -> Page:
        parent = kwargs.pop("parent")
        live = kwargs.pop("publish", True)
        themes = kwargs.pop("themes", None)
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        if themes:
            page.themes.set(themes)
        if live:
            page.save_revision().publish()
        else:
            page.live = False
            page.save_revision()
            model_class.objects.filter(pk=page.pk).update(live=False)
        return model_class.objects.get(pk=page.pk)


def index_of(model_class: type[Page], factory_class: type[PageFactory]) -> Any:
    """A lazy ``parent``: the first page of ``model_class``, or a new one from ``factory_class``."""
    return factory.LazyFunction(lambda: model_class.objects.first() or factory_class())
