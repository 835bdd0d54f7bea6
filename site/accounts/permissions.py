"""Who may do what with profiles in the Wagtail admin."""

from django.contrib.auth import get_user_model

from wagtail.permission_policies import ModelPermissionPolicy


class ProfilePermissionPolicy(ModelPermissionPolicy):
    """Profiles come and go with their account: staff may look and correct, never add or delete.

    A member deletes their own account (``/account/verwijderen/``); staff deactivate a user
    through the user listing.
    """

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in ("add", "delete")]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)
