"""Admin: "Vragen uit de communities", the questions radar, one question's actions and the
quarterly export. Views read input, call ``community.services.radar*`` and render."""

from io import StringIO

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import FaqPage
from ..services import CommunityError, radar_actions
from ..services.radar import DEFAULT_WEEKS, PERIOD_WEEKS, build_radar, radar_question, radar_scope
from ..services.radar_report import Quarter, quarter_figures, shown, write_csv


class DeskAnswerForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Antwoord namens het loket"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
        help_text=gettext_lazy(
            "Verschijnt in de discussie, gemarkeerd als antwoord van het loket."
        ),
    )


class InviteForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Naam van de expert of partner"), max_length=120)
    email = forms.EmailField(label=gettext_lazy("E-mailadres"))
    note = forms.CharField(
        label=gettext_lazy("Persoonlijke toelichting"),
        required=False,
        max_length=radar_actions.MAX_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FaqForm(forms.Form):
    page = forms.ModelChoiceField(
        label=gettext_lazy("Pagina"), queryset=FaqPage.objects.none(), empty_label=None
    )
    question = forms.CharField(
        label=gettext_lazy("Vraag zoals hij op de pagina komt"), max_length=200
    )
    answer = forms.CharField(
        label=gettext_lazy("Antwoord"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000
    )

    def __init__(self, *args, pages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].queryset = pages


def _scope(request):
    scope = radar_scope(request.user)
    if scope is None:
        raise PermissionDenied
    return scope


def _error(request, exc, back_url):
    return TemplateResponse(
        request,
        "community/admin/radar_error.html",
        {
            "message": exc.message,
            "back_url": back_url,
            "header_title": _("Vragen uit de communities"),
        },
        status=exc.status,
    )


def index(request):
    scope = _scope(request)
    chosen = scope.narrowed_to(request.GET.get("regio")) if scope.national else scope
    try:
        weeks = int(request.GET.get("weken") or DEFAULT_WEEKS)
    except ValueError:
        weeks = -1
    try:
        radar = build_radar(request.user, chosen, weeks=weeks)
    except CommunityError as exc:
        return _error(request, exc, reverse("community_radar:index"))
    return TemplateResponse(
        request,
        "community/admin/radar.html",
        {
            "radar": radar,
            "scope": scope,
            "chosen": chosen,
            "weeks": weeks,
            "periods": PERIOD_WEEKS,
            "quarter": Quarter.current().previous(),
            "header_title": _("Vragen uit de communities"),
        },
    )


ACTIONS = ("antwoord", "expert", "voorstel", "bijeenkomst", "faq")


def question(request, thread_id):
    scope = _scope(request)
    back = reverse("community_radar:index")
    try:
        row = radar_question(request.user, scope, thread_id)
    except CommunityError as exc:
        if exc.status == 404:
            raise Http404(exc.message) from None
        return _error(request, exc, back)
    thread = row.thread
    pages = radar_actions.faq_pages(scope)
    action = request.POST.get("actie", "") if request.method == "POST" else ""
    answer_form = DeskAnswerForm(request.POST if action == "antwoord" else None)
    invite_form = InviteForm(request.POST if action == "expert" else None)
    faq_form = FaqForm(
        request.POST if action == "faq" else None,
        pages=pages,
        initial={"question": thread.title, "page": pages.first()},
    )
    status = 200
    if request.method == "POST":
        status = 400  # a form with errors, unless the step itself says otherwise
        try:
            done = _act(request, action, thread, scope, answer_form, invite_form, faq_form)
        except CommunityError as exc:
            messages.error(request, exc.message)
            status = exc.status
        else:
            if done is not None:
                return done
    proposal = thread.proposals.select_related("event").first()
    return TemplateResponse(
        request,
        "community/admin/radar_question.html",
        {
            "row": row,
            "thread": thread,
            "proposal": proposal,
            "answer_form": answer_form,
            "invite_form": invite_form,
            "faq_form": faq_form,
            "has_faq_pages": pages.exists(),
            "header_title": thread.title,
        },
        status=status,
    )


def _act(request, action, thread, scope, answer_form, invite_form, faq_form):
    """One manager step; returns the redirect when it is done, ``None`` when the form is wrong."""
    here = reverse("community_radar:question", args=[thread.pk])
    user = request.user
    if action == "antwoord":
        if not answer_form.is_valid():
            return None
        radar_actions.answer_as_desk(thread, user, scope, answer_form.cleaned_data["body"])
        messages.success(request, _("Je antwoord staat namens het loket in de discussie."))
    elif action == "expert":
        if not invite_form.is_valid():
            return None
        radar_actions.invite_expert(thread, user, scope, **invite_form.cleaned_data)
        messages.success(
            request,
            _("%(name)s krijgt een uitnodiging met een link naar de vraag.")
            % {"name": invite_form.cleaned_data["name"]},
        )
    elif action == "voorstel":
        proposal = radar_actions.make_proposal(thread, user, scope)
        messages.success(
            request,
            _("‘%(title)s’ staat bij de onderwerpvoorstellen; de leden kunnen erop stemmen.")
            % {"title": proposal.title},
        )
    elif action == "bijeenkomst":
        event = radar_actions.plan_meetup(thread, user, scope)
        messages.success(
            request,
            _("‘%(title)s’ staat als concept in de agenda. Vul datum en locatie aan en publiceer.")
            % {"title": event.title},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[event.pk]))
    elif action == "faq":
        if not faq_form.is_valid():
            return None
        data = faq_form.cleaned_data
        page = radar_actions.add_to_faq(
            thread, user, scope, data["page"], question=data["question"], answer=data["answer"]
        )
        messages.success(
            request,
            _("De vraag staat als concept op ‘%(title)s’. Lees hem na en publiceer de pagina.")
            % {"title": page.title},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    else:
        raise CommunityError(_("Kies wat je met deze vraag doet."))
    return redirect(here)


def export(request):
    """The quarter's figures per theme: ``?formaat=csv`` downloads, otherwise a printable page."""
    scope = _scope(request)
    chosen = scope.narrowed_to(request.GET.get("regio")) if scope.national else scope
    try:
        quarter = Quarter.parse(request.GET.get("kwartaal"))
    except CommunityError as exc:
        return _error(request, exc, reverse("community_radar:index"))
    figures = quarter_figures(chosen, quarter)
    region = (
        ", ".join(site.site_name or site.hostname for site in chosen.sites)
        if not (chosen.national and chosen is scope)
        else _("Heel Nederland")
    )
    if request.GET.get("formaat") == "csv":
        stream = StringIO()
        write_csv(stream, quarter, region, figures)
        response = HttpResponse(stream.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="vragen-uit-de-communities-{quarter}.csv"'
        )
        return response
    rows = [
        {
            "theme": f.theme,
            "questions": shown(f.questions),
            "answered": shown(f.answered),
            "desk": shown(f.desk_answered),
            "share": f.answered_share,
            "marks": shown(f.marks),
            "communities": f.communities,
        }
        for f in figures
    ]
    return TemplateResponse(
        request,
        "community/admin/radar_print.html",
        {"quarter": quarter, "region": region, "rows": rows, "chosen": chosen},
    )
