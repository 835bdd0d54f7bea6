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

Thousands of recipients of one mail (a mailing) use ``MailFiller``: the three templates are
rendered once per *shape* (which per-recipient fields are empty) with markers in place of the
fields, and each recipient's mail is the marked text with the markers replaced by that
recipient's values, escaped in the HTML as Django would. No template is parsed or walked per
recipient. The first recipient of each shape is also rendered the ordinary way and compared; a
template that does more with a field than show it or test it (a filter, a comparison) makes
that shape fall back to ordinary rendering, with a warning in the log.
"""

import logging
import os
import re
import threading
from dataclasses import dataclass
from html import escape as html_escape

from mjml import mjml2html

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template, TemplateDoesNotExist, engines

logger = logging.getLogger(__name__)

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


def _base_context(context):
    return {
        "site_url": settings.SITE_URL.rstrip("/"),
        "footer_address": settings.MAIL_FOOTER_ADDRESS,
        **(context or {}),
    }


def _one_line(subject):
    # One line: a newline in a subject is a header injection, and Django refuses it.
    return " ".join(subject.split())


def _finish_text(text):
    return _BLANK_LINES.sub("\n\n", text).strip() + "\n"


def render_mail(template_name, context=None):
    """Render subject, HTML and plain text of ``template_name`` for one recipient."""
    context = _base_context(context)
    subject = _one_line(_render_text(f"{template_name}.subject.txt", context))
    context["subject"] = subject
    html = compiled_template(template_name).render(Context(context))
    body = _render_text(f"{template_name}.txt", context).strip()
    text = _render_text(f"{LAYOUT}.txt", {**context, "content": body})
    return RenderedMail(subject=subject, html=html, text=_finish_text(text))


# Private-use characters: never in real text, untouched by escaping, not whitespace.
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
_MARKS = re.compile(f"{_MARK_OPEN}(\\w+){_MARK_CLOSE}")


def _mark(name):
    return f"{_MARK_OPEN}{name}{_MARK_CLOSE}"


def _parts(rendered):
    """``[text, field, text, field, …, text]`` of a text rendered with markers."""
    return _MARKS.split(rendered)


def _fill(parts, values):
    filled = list(parts)
    for i in range(1, len(filled), 2):
        filled[i] = values[filled[i]]
    return "".join(filled)


def _escaped(value):
    """``conditional_escape(value)`` as text, without its lazy-string wrapper (ten calls a mail):
    safe markup stays as it is, anything else is HTML-escaped as Django's ``escape`` does."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html_escape(str(value))


@dataclass(frozen=True)
class _Skeleton:
    subject: list[str]
    html: list[str]
    text: list[str]


class MailFiller:
    """Render ``template_name`` for many recipients who differ only in ``fields``.

    ``shared`` is the context every recipient has in common; ``render(values)`` takes the
    recipient's values of ``fields`` (missing ones count as empty) and returns the same
    ``RenderedMail`` as ``render_mail(template_name, {**shared, **values})`` would.
    """

    def __init__(self, template_name, shared=None, fields=()):
        self.template_name = template_name
        self.shared = _base_context(shared)
        self.fields = tuple(fields)
        if "subject" in self.fields:
            raise ValueError("'subject' is rendered from the subject template, not a field.")
        self._skeletons = {}

    def _shape(self, values):
        # Empty values render as themselves, so each kind of empty is a shape of its own.
        return tuple(True if values.get(f) else repr(values.get(f)) for f in self.fields)

    def _marked_context(self, values):
        return {
            **self.shared,
            **{f: _mark(f) if values.get(f) else values.get(f) for f in self.fields},
        }

    def _skeleton(self, values):
        context = self._marked_context(values)
        subject = _render_text(f"{self.template_name}.subject.txt", context)
        context["subject"] = _mark("subject")
        html = compiled_template(self.template_name).render(Context(context))
        body = _render_text(f"{self.template_name}.txt", context).strip()
        text = _render_text(f"{LAYOUT}.txt", {**context, "content": body})
        skeleton = _Skeleton(_parts(subject), _parts(html), _parts(text))
        # Proof on this recipient that filling gives what rendering gives.
        if self._fill(skeleton, values) != render_mail(
            self.template_name, {**self.shared, **values}
        ):
            logger.warning(
                "Mail template %r uses a field in a way that filling cannot copy; "
                "rendering it per recipient.",
                self.template_name,
            )
            return None
        return skeleton

    def _fill(self, skeleton, values):
        raw = {f: "" if values.get(f) is None else str(values[f]) for f in self.fields}
        subject = _one_line(_fill(skeleton.subject, raw))
        raw["subject"] = subject
        escaped = {f: _escaped(values.get(f)) for f in self.fields}
        escaped["subject"] = _escaped(subject)
        return RenderedMail(
            subject=subject,
            html=_fill(skeleton.html, escaped),
            text=_finish_text(_fill(skeleton.text, raw)),
        )

    def render(self, values):
        shape = self._shape(values)
        if shape not in self._skeletons:
            self._skeletons[shape] = self._skeleton(values)
        skeleton = self._skeletons[shape]
        if skeleton is None:
            return render_mail(self.template_name, {**self.shared, **values})
        return self._fill(skeleton, values)
