"""Texts of the sign-in, sign-up and password pages that come from django-allauth and
Django's password validators, kept in samen's catalogues.

Neither ships a translation for Dari, Pashto, Tigrinya or Somali: there these pages would fall
back to Dutch. Listed here, `samen messages` puts them in every catalogue; languages allauth and
Django have take their translation, the others are translated with the rest of samen (drafts).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

SIGN_IN_MESSAGES = (
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Email"),
    gettext_noop("Forgot your password?"),
    gettext_noop("Password"),
    gettext_noop("Password (again)"),
    gettext_noop("Sign In"),
    gettext_noop("Password Reset"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an "
        "email allowing you to reset it."
    ),
    gettext_noop("Reset My Password"),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam "
        "folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop("Sign Up"),
    gettext_noop("Verify Your Email Address"),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to "
        "finalize the signup process. If you do not see the verification email in your "
        "main inbox, check your spam folder. Please contact us if you do not receive the "
        "verification email within a few minutes."
    ),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
)

PASSWORD_LENGTH_MESSAGES = (
    ngettext_lazy(
        "This password is too short. It must contain at least %(min_length)d character.",
        "This password is too short. It must contain at least %(min_length)d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
)
