"""Render a mail template: MJML compiled once per template, then filled per recipient.

A mail template is three files under ``templates/email/``:

- ``<name>.mjml``: an MJML *fragment* (one or more ``<mj-section>``). It is put into the shared
  layout ``_layout.mjml`` at the ``<!-- inhoud -->`` marker, compiled to HTML with mjml-python
  once, and kept as a Django ``Template``. Django syntax may appear in text content
  (``{{ first_name }}``, ``{% if %}``, ``{% translate %}``), as a plain ``{{ var }}`` attribute
  value (``href="{{ url }}"``), or in an ``<mj-raw>`` between sections to make a whole section
  optional (``<mj-raw>{% if button_url %}</mj-raw>``…``<mj-raw>{% endif %}</mj-raw>``):
  mjml-python passes all of these through untouched. ``i18n`` is loaded for every template.
- ``<name>.subject.txt``: one line.
- ``<name>.txt``: the plain-text alternative, wrapped in ``_layout.txt``.

The HTML is rendered with autoescaping on; subject and plain text with autoescaping off (they
are not HTML, so ``&`` must stay ``&``).
"""

import os
import re
import threading
from dataclasses import dataclass

from mjml import mjml2html

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template, TemplateDoesNotExist, engines

LAYOUT = "_layout"
FRAGMENT_MARKER = "<!-- inhoud -->"
_BLANK_LINES = re.compile(r"\n\s*\n\s*\n")


class MailTemplateError(ImproperlyConfigured):
    """A mail template is missing, or its MJML does not compile."""


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    html: str
    text: str


@dataclass(frozen=True)
class _Compiled:
    template: Template
    sources: tuple[tuple[str, float], ...]  # (path, mtime) of the layout and the fragment


_cache: dict[str, _Compiled] = {}
_lock = threading.Lock()


def _engine():
    return engines["django"].engine


def _source(name):
    """Return ``(path, text)`` of ``templates/email/<name>``, found by the template loaders."""
    engine = _engine()
    path = f"email/{name}"
    for loader in engine.template_loaders:
        for origin in loader.get_template_sources(path):
            try:
                return origin.name, origin.loader.get_contents(origin)
            except TemplateDoesNotExist:
                continue
    raise MailTemplateError(f"Mail template {path!r} does not exist.")


def _mtime(path):
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def _compile(template_name):
    layout_path, layout = _source(f"{LAYOUT}.mjml")
    fragment_path, fragment = _source(f"{template_name}.mjml")
    if FRAGMENT_MARKER not in layout:
        raise MailTemplateError(f"{layout_path} has no {FRAGMENT_MARKER} marker.")
    try:
        html = mjml2html(layout.replace(FRAGMENT_MARKER, fragment, 1), disable_comments=True)
    except ValueError as error:
        raise MailTemplateError(f"MJML of {fragment_path} does not compile: {error}") from error
    return _Compiled(
        template=_engine().from_string("{% load i18n %}" + html),
        sources=((layout_path, _mtime(layout_path)), (fragment_path, _mtime(fragment_path))),
    )


def _is_stale(compiled):
    return any(_mtime(path) != mtime for path, mtime in compiled.sources)


def compiled_template(template_name):
    """The compiled HTML of ``template_name`` as a Django ``Template``, compiled at most once.

    With DEBUG on, an edited layout or fragment is compiled again on the next render.
    """
    compiled = _cache.get(template_name)
    if compiled is not None and not (settings.DEBUG and _is_stale(compiled)):
        return compiled.template
    with _lock:
        compiled = _cache.get(template_name)
        if compiled is None or (settings.DEBUG and _is_stale(compiled)):
            compiled = _cache[template_name] = _compile(template_name)
    return compiled.template


def clear_template_cache():
    with _lock:
        _cache.clear()


def _render_text(name, context):
    try:
        template = _engine().get_template(f"email/{name}")
    except TemplateDoesNotExist as error:
        raise MailTemplateError(f"Mail template 'email/{name}' does not exist.") from error
    return template.render(Context(context, autoescape=False))


def render_mail(template_name, context=None):
    """Render subject, HTML and plain text of ``template_name`` for one recipient."""
    context = {
        "site_url": settings.SITE_URL.rstrip("/"),
        "footer_address": settings.MAIL_FOOTER_ADDRESS,
        **(context or {}),
    }
    # One line: a newline in a subject is a header injection, and Django refuses it.
    subject = " ".join(_render_text(f"{template_name}.subject.txt", context).split())
    context["subject"] = subject
    html = compiled_template(template_name).render(Context(context))
    body = _render_text(f"{template_name}.txt", context).strip()
    text = _render_text(f"{LAYOUT}.txt", {**context, "content": body})
    text = _BLANK_LINES.sub("\n\n", text).strip() + "\n"
    return RenderedMail(subject=subject, html=html, text=text)
