"""The outbox in the Wagtail admin: staff see what is queued, sent or stuck, and send failed mail
again ("Opnieuw versturen", a bulk action and a button on a failed mail). Nobody edits a row.
"""

from django.contrib.auth import get_user_model
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet

from . import services
from .models import OutgoingMail

WRITE_ACTIONS = frozenset({"add", "change", "delete"})


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Viewing follows the model's ``view`` permission; nobody writes, superusers included."""

    def user_has_permission(self, user, action):
        return action not in WRITE_ACTIONS and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        readable = set(actions) - WRITE_ACTIONS
        if not readable:
            return get_user_model().objects.none()
        return super().users_with_any_permission(readable)


permission_policy = ReadOnlyPermissionPolicy(OutgoingMail)
# Registered before the viewset so Wagtail never falls back to its default, writable policy.
register_permission_policy(OutgoingMail, permission_policy)


RETRY_ACTION = "retry"
HIDDEN_BODY = _("Inhoud verborgen: bevat een persoonlijke inloglink")
DROPPED_BODY = _("Inhoud verwijderd: van een verstuurde mailing bewaren we de inhoud niet langer")


def may_retry(user, mail=None):
    """Who may look at the outbox may send a failed mail again: it changes no content."""
    allowed = permission_policy.user_has_permission(user, "view")
    return allowed and (mail is None or mail.status == OutgoingMail.Status.FAILED)


class OutgoingMailInspectView(InspectView):
    def get_text_display_value(self):
        return self._body("text")

    def get_html_display_value(self):
        return self._body("html")

    def _body(self, field_name):
        # Account mails carry live verification and reset links: whoever reads them can log in.
        if self.object.holds_login_link:
            return HIDDEN_BODY
        if self.object.category == OutgoingMail.Category.BULK and not getattr(
            self.object, field_name
        ):
            return DROPPED_BODY
        return getattr(self.object, field_name)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "can_retry": may_retry(self.request.user, self.object),
            "retry_action": RETRY_ACTION,
        }


class OutgoingMailViewSet(SnippetViewSet):
    model = OutgoingMail
    icon = "mail"
    menu_label = _("Uitgaande mail")
    menu_name = "outgoing-mail"
    add_to_settings_menu = True
    list_display = ["to", "subject", "status", "attempts", "created_at"]
    list_filter = ["status", "category"]
    search_fields = ["to", "subject"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = OutgoingMailInspectView
    inspect_template_name = "mail/admin/outgoingmail_inspect.html"
    inspect_view_fields = [
        "to",
        "from_email",
        "reply_to",
        "subject",
        "template",
        "category",
        "status",
        "attempts",
        "last_error",
        "note",
        "message_id",
        "created_at",
        "sent_at",
        "next_attempt_at",
        "text",
    ]


register_snippet(OutgoingMailViewSet)


@hooks.register("register_bulk_action")
class RetryFailedMailBulkAction(SnippetBulkAction):
    display_name = _("Opnieuw versturen")
    action_type = RETRY_ACTION
    aria_label = _("De geselecteerde mislukte mails opnieuw versturen")
    template_name = "mail/admin/confirm_bulk_retry.html"
    action_priority = 10

    @classproperty
    def models(cls):
        return [OutgoingMail]

    def check_perm(self, mail):
        # Rows that did not fail are listed as skipped: sent mail is never sent twice this way.
        return may_retry(self.request.user, mail)

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return services.retry_failed([mail.pk for mail in objects]), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d mail staat weer in de wachtrij.",
            "%(count)d mails staan weer in de wachtrij.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
