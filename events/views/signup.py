"""Registering for an event (a member with one click, a visitor with the form) and inviting a
contact; a refusal renders the event page again with the form and a 4xx status."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from events import services
from events.forms import InviteForm, RegistrationForm, VisitorRegistrationForm
from events.models.registration import Registration
from events.services import RegistrationError
from loket.accounts.models import User
from loket.accounts.privacy import PRIVACY_STATEMENT_VERSION
from loket.accounts.services import EmailAlreadyRegistered, create_member

from .base import invitation_for, status_for


def _render_event(request, event, *, form=None, invite_form=None, status=200):
    context = event.get_context(request, registration_form=form, invite_form=invite_form)
    return TemplateResponse(request, event.get_template(request), context, status=status)


def register(request, event):
    if request.method != "POST":
        return HttpResponseRedirect(event.get_url(request))
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        form = RegistrationForm(request.POST, event=event, member=user)
    else:
        form = VisitorRegistrationForm(request.POST, event=event)
    if not form.is_valid():
        messages.error(
            request, _("Er ging iets mis met je aanmelding; kijk even naar het formulier.")
        )
        return _render_event(request, event, form=form, status=400)
    token = request.POST.get("uitnodiging", "")
    invitation = invitation_for(event, token)
    email = user.email if user else form.cleaned_data["email"]
    if invitation is not None and invitation.email == email.lower():
        source = Registration.Source.INVITE
    elif user is not None:
        source = Registration.Source.MEMBER
    else:
        source = Registration.Source.VISITOR
    try:
        with transaction.atomic():
            if user is None:
                user = _visitor_account(form)
            registration = services.register_for_event(
                event,
                user,
                colleagues=form.colleagues(),
                answer=form.cleaned_data.get("answer", ""),
                source=source,
                pay_with_credits=form.pays_with_credits(),
                request=request,
            )
            if source == Registration.Source.INVITE:
                services.accept_invitation(token, registration)
    except RegistrationError as error:
        messages.error(request, error.message)
        return _render_event(request, event, form=form, status=status_for(error))
    if registration.paid_credits:
        messages.success(
            request,
            _(
                "Je bent aangemeld en betaalde met %(n)s credits. De bevestiging met een "
                "agenda-uitnodiging staat in je mail."
            )
            % {"n": registration.paid_credits},
        )
    elif registration.status == Registration.Status.CONFIRMED:
        messages.success(
            request,
            _("Je bent aangemeld! De bevestiging met een agenda-uitnodiging staat in je mail."),
        )
    else:
        messages.success(
            request,
            _(
                "De bijeenkomst zit vol, dus je staat op de wachtlijst. Komt er een plek vrij, "
                "dan mailen we je meteen."
            ),
        )
    return HttpResponseRedirect(event.get_url(request), status=303)


def invite(request, event):
    if request.method != "POST":
        return HttpResponseRedirect(event.get_url(request))
    if not request.user.is_authenticated:
        messages.error(request, _("Log in om een collega-ondernemer uit te nodigen."))
        return _render_event(request, event, status=403)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Je uitnodiging is nog niet verstuurd; kijk even naar het formulier.")
        )
        return _render_event(request, event, invite_form=form, status=400)
    try:
        invitation = services.invite_to_event(event, request.user, **form.cleaned_data)
    except RegistrationError as error:
        messages.error(request, error.message)
        return _render_event(request, event, invite_form=form, status=status_for(error))
    messages.success(
        request,
        _("Je uitnodiging aan %(email)s is verstuurd. Leuk als jullie samen komen!")
        % {"email": invitation.email},
    )
    return HttpResponseRedirect(event.get_url(request), status=303)


def _visitor_account(form):
    """The light account of a visitor, created on the spot, or their earlier light account.

    An address that belongs to an account with a password must log in first: registering in
    someone's name without them is not possible.
    """
    data = form.cleaned_data
    existing = User.objects.filter(email__iexact=data["email"]).first()
    if existing is not None:
        if existing.has_usable_password() or not existing.is_active:
            raise RegistrationError(
                _("Er is al een account met dit e-mailadres. Log in en meld je met één klik aan."),
                "account_exists",
            )
        return existing
    try:
        return create_member(
            email=data["email"],
            password=None,
            first_name=data["first_name"],
            last_name=data["last_name"],
            verified=False,
            company_name=data["company_name"],
            company_size=data["size_band"],
            privacy_consent_version=PRIVACY_STATEMENT_VERSION,
        )
    except EmailAlreadyRegistered:
        raise RegistrationError(
            _("Er is al een account met dit e-mailadres. Log in en meld je met één klik aan."),
            "account_exists",
        ) from None
