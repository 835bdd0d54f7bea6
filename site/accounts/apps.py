from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True  # this module holds a second config (below), for wagtail.users
    name = "loket.accounts"
    label = "accounts"
    verbose_name = _("Accounts en profielen")


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with our user forms (no username; e-mail verified flag).

    Wagtail 8 takes custom user forms from the users app's viewset; the old
    WAGTAIL_USER_EDIT_FORM / WAGTAIL_USER_CREATION_FORM settings are no longer read. Listed in
    INSTALLED_APPS in place of "wagtail.users".
    """

    default = False
    user_viewset = "loket.accounts.viewsets.UserViewSet"
