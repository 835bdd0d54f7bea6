"""Views of the accounts app: each reads its input, calls one service and renders or redirects."""

import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import FormView, TemplateView

from wagtail.models import Site

from loket.core import hooks

from . import services
from .forms import (
    DeleteAccountForm,
    LoginForm,
    PasswordResetForm,
    ProfileForm,
    ResendVerificationForm,
    SetPasswordForm,
    SignUpForm,
)
from .privacy import PRIVACY_STATEMENT_VERSION, current_statement

AUTH_BACKEND = "loket.accounts.backends.EmailBackend"


class BadInputStatusMixin:
    """A form with errors is answered with 400, so monitoring and tests see bad input as such."""

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SignUpView(BadInputStatusMixin, FormView):
    template_name = "accounts/signup.html"
    form_class = SignUpForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("accounts:overview")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(privacy_url=current_statement(self.request).url, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        services.sign_up(
            email=data["email"],
            password=data["password"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            privacy_consent_version=current_statement(self.request).version,
            request=self.request,
            data=data,
        )
        # The same page whether the address was new or known: nothing to learn from it.
        self.request.session["accounts_check_mail"] = data["email"]
        return redirect("accounts:check_mail")


def check_mail(request):
    email = request.session.get("accounts_check_mail", "")
    return render(request, "accounts/check_mail.html", {"email": email})


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request, token):
    """GET shows a button, POST confirms and logs in.

    Mail scanners (Safe Links and the like) open every link in a mail: a plain GET must not
    confirm an address, let alone log anybody in.
    """
    try:
        if request.method == "POST":
            user = services.verify_email(token)
        else:
            user = services.check_verification_link(token)
    except services.AlreadyVerified:
        messages.info(request, _("Je e-mailadres is al bevestigd. Log in met je wachtwoord."))
        return redirect("accounts:login")
    except services.VerificationError as error:
        form = ResendVerificationForm(initial={"email": error.email})
        context = {"reason": error.reason, "form": form}
        return render(request, "accounts/verify_failed.html", context, status=400)
    if request.method != "POST":
        return render(
            request, "accounts/verify_confirm.html", {"token": token, "email": user.email}
        )
    login(request, user, backend=AUTH_BACKEND)
    messages.success(
        request,
        _(
            "Welkom bij het Ondernemersloket, %(name)s! Je e-mailadres is bevestigd. Vertel "
            "hieronder iets over jezelf en je bedrijf, zodat andere ondernemers je kunnen vinden."
        )
        % {"name": user.first_name or user.email},
    )
    return redirect("accounts:profile")


class ResendVerificationView(BadInputStatusMixin, FormView):
    template_name = "accounts/resend_verification.html"
    form_class = ResendVerificationForm

    def get_initial(self):
        return {"email": self.request.GET.get("email", "")[:254]}

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        try:
            services.request_new_verification(email, request=self.request)
        except services.RateLimited:
            form.add_error(
                None,
                _(
                    "Je hebt net al een paar keer een nieuwe link gevraagd. Kijk ook in je map met "
                    "ongewenste mail, of probeer het over een uur opnieuw."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        self.request.session["accounts_check_mail"] = email
        return redirect("accounts:check_mail")


class LoginView(BadInputStatusMixin, auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """GET asks to confirm (a link cannot log anyone out); POST logs out."""

    http_method_names = ["get", "post", "options"]
    template_name = "accounts/logout_confirm.html"

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name)

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Je bent uitgelogd. Tot de volgende keer!"))
        return response


class PasswordResetView(BadInputStatusMixin, auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(BadInputStatusMixin, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def dispatch(self, *args, **kwargs):
        response = super().dispatch(*args, **kwargs)
        if not self.validlink and response.status_code == 200:
            response.status_code = 400  # an expired or tampered link
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(BadInputStatusMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:overview")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Je nieuwe wachtwoord is opgeslagen."))
        return response


@login_required
def overview(request):
    profile = services.ensure_profile(request.user)
    percentage, missing = profile.completeness()
    # The member's home: each app's panels through the MEMBER_HOME_PANELS hook, by section.
    sections = hooks.member_home(request.user, Site.find_for_request(request))
    for section in sections:
        for panel in section.panels:
            panel.html = render_to_string(
                panel.template, {**panel.context, "panel": panel}, request=request
            )
    context = {
        "profile": profile,
        "completeness": percentage,
        "missing": missing,
        "sections": sections,
    }
    return render(request, "accounts/overview.html", context)


class ProfileView(LoginRequiredMixin, BadInputStatusMixin, FormView):
    template_name = "accounts/profile_form.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        profile = services.refresh_newsletter_choice(services.ensure_profile(self.request.user))
        return {**super().get_form_kwargs(), "instance": profile, "user": self.request.user}

    def form_valid(self, form):
        services.update_profile(self.request.user, **form.profile_changes())
        messages.success(self.request, _("Je profiel is bijgewerkt."))
        return redirect("accounts:overview")


@login_required
def data(request):
    return render(request, "accounts/data.html", {"privacy_url": current_statement(request).url})


@login_required
@require_GET
def data_download(request):
    payload = services.export_member_data(request.user)
    response = HttpResponse(
        json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"mijn-gegevens-ondernemersloket-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class DeleteAccountView(LoginRequiredMixin, BadInputStatusMixin, FormView):
    template_name = "accounts/delete.html"
    form_class = DeleteAccountForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        services.delete_account(self.request.user, keep_content=form.keep_content)
        logout(self.request)
        return redirect(reverse("accounts:deleted"))


class DeletedView(TemplateView):
    template_name = "accounts/deleted.html"


class PrivacyStatementView(TemplateView):
    template_name = "accounts/privacy_statement.html"
    extra_context = {"version": PRIVACY_STATEMENT_VERSION}
