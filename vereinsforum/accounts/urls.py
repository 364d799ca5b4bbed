"""The accounts' addresses: signing in, the second factor, passwords, invitations and the
coordinators' management of accounts."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from vereinsforum.accounts import staff_views, views
from vereinsforum.accounts.forms import NewPasswordForm, ResetForm

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("zwei-faktor/", views.otp_verify, name="otp_verify"),
    path("zwei-faktor/einrichten/", views.otp_setup, name="otp_setup"),
    path(
        "zwei-faktor/wiederherstellungscodes/",
        views.otp_recovery_codes,
        name="otp_recovery_codes",
    ),
    path("zwei-faktor/ausschalten/", views.otp_remove, name="otp_remove"),
    path("einladung/<uidb64>/<token>/", views.activate, name="activate"),
    # The coordinators' account management.
    path("benutzer/", staff_views.user_list, name="users"),
    path("benutzer/einladen/", staff_views.user_invite, name="user_invite"),
    path("benutzer/<int:pk>/", staff_views.user_detail, name="user_detail"),
    path("benutzer/<int:pk>/rolle/", staff_views.user_role, name="user_role"),
    path("benutzer/<int:pk>/deaktivieren/", staff_views.user_deactivate, name="user_deactivate"),
    path("benutzer/<int:pk>/aktivieren/", staff_views.user_reactivate, name="user_reactivate"),
    path(
        "benutzer/<int:pk>/einladung/",
        staff_views.user_invitation_resend,
        name="user_invitation_resend",
    ),
    path(
        "passwort/vergessen/",
        views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            form_class=ResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "passwort/gesendet/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "passwort/neu/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            form_class=NewPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "passwort/fertig/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
