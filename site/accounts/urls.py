"""URLs of accounts, under /account/ (namespace ``accounts``)."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("aanmelden/", views.SignUpView.as_view(), name="signup"),
    path("controleer-je-mail/", views.check_mail, name="check_mail"),
    # Before the token route: "opnieuw" would otherwise be read as a token.
    path(
        "bevestigen/opnieuw/",
        views.ResendVerificationView.as_view(),
        name="resend_verification",
    ),
    path("bevestigen/<str:token>/", views.verify, name="verify"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("wachtwoord-wijzigen/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profiel/", views.ProfileView.as_view(), name="profile"),
    path("gegevens/", views.data, name="data"),
    path("gegevens/download/", views.data_download, name="data_download"),
    path("verwijderen/", views.DeleteAccountView.as_view(), name="delete"),
    path("tot-ziens/", views.DeletedView.as_view(), name="deleted"),
    path("privacyverklaring/", views.PrivacyStatementView.as_view(), name="privacy"),
]
