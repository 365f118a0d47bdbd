from django.contrib.auth import views as auth_views
from django.urls import path

from .forms import EmailAuthenticationForm
from .views import accounts, mfa, public, workspace

urlpatterns = [
    path("", public.home, name="home"),
    path("my/", workspace.my_municipalities, name="my_municipalities"),
    path("m/<slug:slug>/", public.municipality_detail, name="municipality_detail"),
    path("m/<slug:slug>/team/", workspace.municipality_team, name="municipality_team"),
    # accounts
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", accounts.profile, name="profile"),
    # the second factor (municipalities.mfa)
    path("accounts/two-factor/", mfa.mfa_overview, name="mfa"),
    path("accounts/two-factor/setup/", mfa.mfa_setup, name="mfa_setup"),
    path("accounts/two-factor/recovery-codes/", mfa.mfa_codes, name="mfa_codes"),
    path("accounts/two-factor/code/", mfa.mfa_verify_view, name="mfa_verify"),
    path("accounts/two-factor/disable/", mfa.mfa_disable_view, name="mfa_disable"),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
