"""Mailings in the Wagtail admin for communications staff: a list with status and progress, the
editor (text only while a mailing is a concept or planned) and the "Verzenden" page."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    SnippetViewSet,
)

from loket.core.hooks import SEED_STEPS, SeedStep
from loket.core.region_admin import RegionViewSetMixin

from . import admin_views, demo
from .models import Mailing


class MailingPermissionPolicy(ModelPermissionPolicy):
    """A mailing that is being sent or was sent keeps its text and audience: what went out
    is what the admin shows."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action in ("change", "delete") and not instance.is_editable:
            return False
        return super().user_has_permission_for_instance(user, action, instance)


register_permission_policy(Mailing, MailingPermissionPolicy(Mailing))


def send_url_name(index_url_name):
    return index_url_name.rsplit(":", 1)[0] + ":send"


class MailingIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.insert(
            0,
            ListingButton(
                _("Verzenden en voortgang"),
                url=reverse(send_url_name(self.index_url_name), args=[instance.pk]),
                icon_name="mail",
                priority=1,
            ),
        )
        return buttons


class MailingCreateView(CreateView):
    def save_instance(self):
        instance = super().save_instance()
        if instance.created_by_id is None:
            Mailing.objects.filter(pk=instance.pk).update(created_by=self.request.user)
        return instance

    def get_success_url(self):
        return reverse(send_url_name(self.index_url_name), args=[self.object.pk])


class LockedWhenSentMixin:
    """Editing or deleting a mailing that is sending or sent leads to its "Verzenden" page."""

    def dispatch(self, request, *args, **kwargs):
        mailing = self.get_object()
        if not mailing.is_editable:
            messages.warning(
                request,
                _(
                    "Deze mailing is verstuurd, wordt verstuurd of is geannuleerd: "
                    "ze blijft zoals ze is."
                ),
            )
            return redirect(send_url_name(self.index_url_name), mailing.pk)
        return super().dispatch(request, *args, **kwargs)


class MailingEditView(LockedWhenSentMixin, EditView):
    pass


class MailingDeleteView(LockedWhenSentMixin, DeleteView):
    pass


class MailingViewSet(RegionViewSetMixin, SnippetViewSet):
    model = Mailing
    index_view_class = MailingIndexView
    add_view_class = MailingCreateView
    edit_view_class = MailingEditView
    delete_view_class = MailingDeleteView
    icon = "mail"
    menu_label = _("Mailings")
    menu_name = "mailings"
    menu_order = 261
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    search_fields = ["subject"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_filter = ["status", "campaign", "site"]
    list_display = [
        "subject",
        "site",
        "campaign",
        Column("get_status_display", label=_("Status"), sort_key="status"),
        Column("progress_label", label=_("Verstuurd / totaal")),
        "scheduled_at",
        "finished_at",
    ]
    inspect_view_fields = [
        "subject",
        "preheader",
        "campaign",
        "status",
        "note",
        "scheduled_at",
        "started_at",
        "finished_at",
        "recipient_count",
        "sent_count",
        "skipped_count",
    ]

    def get_queryset(self, request):
        return Mailing.objects.select_related("campaign", "site")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("verzenden/<int:pk>/", admin_views.send, name="send"),
            path("voorbeeld/<int:pk>/", admin_views.preview, name="preview"),
        ]


register_snippet(MailingViewSet)


# Contributions to earlier apps' pages and flows (the hooks are documented in loket.core.hooks).


@hooks.register(SEED_STEPS)
def mailing_seed_steps():
    return SeedStep("mailings", demo.seed_mailings, label="Mailings", order=550)
