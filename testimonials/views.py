"""Views behind the routes of ``/ervaringen/``. They read input, call a service, render.

Every refusal is a Dutch message with a 4xx status; nothing is stored or published then.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _

from wagtail.images import get_image_model

from . import services
from .models.ambassadors import Ambassador
from .models.choices import Channel, Status
from .models.experiences import Consent, Experience, ModerationLog
from .services import ExperienceError

PAGE_SIZE = 12
CASES_ON_INDEX = 6
PORTRAIT = "fill-320x320-c50"
ERROR_STATUS = {"used": 409, "state": 409}


def _forms():
    # local import: the forms load wagtail.users.forms (the photo field), which needs every
    # model loaded, and the page module imports this module while the models load.
    from . import forms

    return forms


def _status_for(error):
    return ERROR_STATUS.get(error.code, 400)


def ambassador_queryset():
    images = get_image_model().objects.prefetch_renditions(PORTRAIT)
    return Ambassador.objects.public().prefetch_related(
        Prefetch("photo", queryset=images), "themes"
    )


# The overview -------------------------------------------------------------------------------


def index(page, request):
    form = _forms().IndexFilterForm(request.GET)
    values, invalid = form.filters()
    if invalid:
        labels = ", ".join(str(form.fields[name].label).lower() for name in invalid)
        messages.warning(
            request,
            _("We hebben het filter op %(fields)s overgeslagen: die waarde kennen we niet.")
            % {"fields": labels},
        )
    experiences = Experience.objects.for_listing()
    theme = values.get("thema")
    if theme is not None:
        experiences = experiences.filter(theme=theme)
    if "soort" in values:
        experiences = experiences.filter(subject_kind=values["soort"])
    page_obj = Paginator(experiences, PAGE_SIZE).get_page(request.GET.get("pagina"))
    first_page = page_obj.number == 1
    cases = services.case_queryset().child_of(page)
    if theme is not None:
        cases = cases.filter(themes=theme).distinct()
    return page.render(
        request,
        template="testimonials/testimonials_index_page.html",
        context_overrides={
            "filter_form": form,
            "active_filters": {name: form.data[name] for name in values},
            "experiences": page_obj.object_list,
            "page_obj": page_obj,
            "theme": theme,
            "rating": services.rating(theme=theme),
            "cases": list(cases[:CASES_ON_INDEX]) if first_page else [],
            "ambassadors": list(ambassador_queryset()) if first_page and not values else [],
            "share_url": page.url_for("share", request),
            "ambassadors_url": page.url_for("ambassadors", request),
        },
    )


def ambassadors(page, request):
    return page.render(
        request,
        template="testimonials/ambassadors.html",
        context_overrides={
            "ambassadors": list(ambassador_queryset()),
            "ambassadors_url": page.url_for("ambassadors", request),
        },
    )


def ambassador(page, request, slug):
    found = ambassador_queryset().filter(slug=slug).first()
    if found is None:
        raise Http404(_("Deze ambassadeur vinden we niet."))
    status = 200
    form = _forms().AmbassadorRequestForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form.is_valid():
            try:
                services.request_ambassador_conversation(
                    found, request.user, form.cleaned_data["message"]
                )
            except ExperienceError as error:
                messages.error(request, error.message)
                status = 409 if error.code == "unavailable" else 400
            else:
                messages.success(
                    request,
                    _("Dank je wel! We nemen contact met je op om het gesprek te plannen."),
                )
                return HttpResponseRedirect(page.url_for("ambassador", request, slug=slug))
        else:
            status = 400
    return _with_status(
        page.render(
            request,
            template="testimonials/ambassador.html",
            context_overrides={
                "ambassador": found,
                "form": form,
                "can_request": bool(found.offer and services.desk_address()),
            },
        ),
        status,
    )


# Deel mijn ervaring -------------------------------------------------------------------------


def _link_error(page, request, error):
    response = page.render(
        request,
        template="testimonials/link_error.html",
        context_overrides={"error": error.message, "share_url": page.url_for("share", request)},
    )
    return _with_status(response, _status_for(error))


def _with_status(response, status):
    response.status_code = status
    return response


def share(page, request):
    token = request.POST.get("link") or request.GET.get("link") or ""
    link = None
    if token:
        try:
            link = services.read_share_link(token)
        except ExperienceError as error:
            return _link_error(page, request, error)
    user = request.user if request.user.is_authenticated else None
    if link is None and user is None:
        return redirect_to_login(request.get_full_path())

    if request.method == "POST":
        form = _forms().ShareForm(request.POST, request.FILES, user=user, link=link)
        if form.is_valid():
            data = form.cleaned_data
            try:
                experience = services.submit_experience(
                    quote=data["quote"],
                    story=data.get("story", ""),
                    score=data["score"],
                    theme=data.get("theme"),
                    subject_kind=data.get("subject_kind") or "loket",
                    event=data.get("event"),
                    subject_label=data.get("subject_label", ""),
                    photo=data.get("photo"),
                    video_url=data.get("video_url", ""),
                    display_mode=data["display_mode"],
                    channels=[] if form.is_private_feedback else data.get("channels", []),
                    private_only=data.get("private_only", False),
                    user=user,
                    link=link,
                    name=data.get("name", ""),
                    email=data.get("email", ""),
                    company_name=data.get("company_name", ""),
                    sector=data.get("sector", ""),
                    request=request,
                )
            except ExperienceError as error:
                messages.error(request, error.message)
                status = _status_for(error)
            else:
                if experience.status == Status.PRIVATE:
                    messages.success(
                        request,
                        _("Dank je wel voor je eerlijke feedback. We nemen contact met je op."),
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Dank je wel! We lezen je ervaring en laten je weten wanneer hij "
                            "online staat."
                        ),
                    )
                if user is not None and experience.contributor_id == user.pk:
                    return HttpResponseRedirect(page.url_for("mine", request))
                return HttpResponseRedirect(page.url_for("manage", request, token=experience.token))
        else:
            messages.error(request, _("Er ontbreekt nog iets; kijk even naar het formulier."))
            status = 400
    else:
        form = _forms().ShareForm(user=user, link=link)
        status = 200

    return _with_status(
        page.render(
            request,
            template="testimonials/share.html",
            context_overrides={"form": form, "link": link, "token": token, "member": user},
        ),
        status,
    )


# The contributor's own experiences ----------------------------------------------------------


def _own_queryset():
    return Experience.objects.select_related("theme", "event").prefetch_related(
        Prefetch("consents", queryset=Consent.objects.order_by("recorded_at", "pk")), "log"
    )


def _annotate_own(experiences):
    """What the contributor's page shows per experience: a consent row per channel and the
    open question, if any."""
    for experience in experiences:
        current = experience.current_consents
        experience.consent_table = [(c.value, c.label, current.get(c.value)) for c in Channel]
        questions = [
            s.reason for s in experience.log.all() if s.action == ModerationLog.Action.QUESTION
        ]
        experience.open_question = (
            questions[-1] if questions and experience.status == Status.QUESTION else ""
        )
    return experiences


def _act(experience, request):
    """One POSTed action of the contributor on ``experience``; returns an error or ``None``."""
    action = request.POST.get("action", "")
    try:
        if action == "withdraw":
            channel = request.POST.get("channel", "")
            if channel == "all":
                services.withdraw_consent(experience)
                messages.success(
                    request, _("Je toestemming is ingetrokken. Je ervaring staat nergens meer.")
                )
            elif channel in Channel.values:
                services.withdraw_consent(experience, [channel])
                messages.success(
                    request,
                    _("Je toestemming voor %(channel)s is ingetrokken.")
                    % {"channel": Channel(channel).label.lower()},
                )
            else:
                raise ExperienceError(_("Kies het kanaal waarvoor je je toestemming intrekt."))
        elif action == "grant":
            channel = request.POST.get("channel", "")
            if channel not in Channel.values:
                raise ExperienceError(_("Kies het kanaal waarvoor je toestemming geeft."))
            services.record_consent(experience, [channel])
            messages.success(request, _("Dank je wel! Je toestemming is vastgelegd."))
        elif action in ("accept_quote", "decline_quote"):
            services.accept_quote_edit(experience, accept=action == "accept_quote")
            messages.success(
                request,
                _("Dank je wel! We gebruiken het aangepaste citaat.")
                if action == "accept_quote"
                else _("Helder: we houden je eigen woorden aan."),
            )
        elif action == "answer":
            form = _forms().AnswerForm(request.POST)
            if not form.is_valid():
                raise ExperienceError(form.errors["answer"][0])
            services.answer_question(experience, form.cleaned_data["answer"])
            messages.success(request, _("Dank je wel voor je antwoord!"))
        else:
            raise ExperienceError(_("Dat kunnen we niet met je ervaring doen."))
    except ExperienceError as error:
        messages.error(request, error.message)
        return error
    return None


def _render_own(page, request, experiences, *, token=None, status=200):
    return _with_status(
        page.render(
            request,
            template="testimonials/mine.html",
            context_overrides={
                "own_experiences": _annotate_own(list(experiences)),
                "token": token,
                "channels": Channel,
                "share_url": page.url_for("share", request),
                "answer_form": _forms().AnswerForm(),
            },
        ),
        status,
    )


def mine(page, request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    rows = _own_queryset().of_contributor(request.user)
    if request.method == "POST":
        pk = request.POST.get("experience", "")
        experience = rows.filter(pk=pk).first() if pk.isdigit() else None
        if experience is None:
            messages.error(request, _("Die ervaring vinden we niet bij jouw account."))
            return _render_own(page, request, list(rows), status=404)
        error = _act(experience, request)
        if error is not None:
            return _render_own(page, request, list(rows), status=_status_for(error))
        return HttpResponseRedirect(page.url_for("mine", request))
    return _render_own(page, request, list(rows))


def manage(page, request, token):
    pk = Experience.pk_from_token(token)
    experience = _own_queryset().filter(pk=pk).first() if pk else None
    if experience is None:
        error = ExperienceError(
            _(
                "Deze link klopt niet. Gebruik de link uit je mail, of log in en kijk bij 'Mijn "
                "ervaringen'."
            ),
            "bad_link",
        )
        return _link_error(page, request, error)
    if request.method == "POST":
        error = _act(experience, request)
        if error is not None:
            return _render_own(page, request, [experience], token=token, status=_status_for(error))
        return HttpResponseRedirect(page.url_for("manage", request, token=token))
    return _render_own(page, request, [experience], token=token)
