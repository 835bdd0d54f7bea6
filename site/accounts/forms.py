"""Forms of the accounts app."""

from wagtail.users.forms import UserCreationForm, UserEditForm


class AdminUserEditForm(UserEditForm):
    pass


class AdminUserCreationForm(UserCreationForm):
    pass
