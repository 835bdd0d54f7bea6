"""The Ondernemersloket site package, imported as ``loket`` (the folder is ``site/``)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
