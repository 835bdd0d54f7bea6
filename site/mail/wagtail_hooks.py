"""The outbox in the Wagtail admin, read-only: staff see what is queued, sent or stuck."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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


# Registered before the viewset so Wagtail never falls back to its default, writable policy.
register_permission_policy(OutgoingMail, ReadOnlyPermissionPolicy(OutgoingMail))


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
        "created_at",
        "sent_at",
        "next_attempt_at",
        "text",
    ]


register_snippet(OutgoingMailViewSet)
