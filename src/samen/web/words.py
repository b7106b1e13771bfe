"""The word list: words that matter when a newcomer and a professional or key person talk,
in Dutch beside the visitor's language, each with a short plain explanation.

Official names stay as they are (Veilig Thuis); their explanation is translated. Nothing here
states a phone number or an opening time: those come from the directory.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Word:
    dutch: str
    word: Promise | str  # in the visitor's language; an official name stays a str
    explanation: Promise


WORDS = [
    Word(
        "toestemming",
        _("consent"),
        _(
            "You agree that something may happen, for example that your details are passed "
            "on. You may say no, and you may change your mind later."
        ),
    ),
    Word(
        "tolk",
        _("interpreter"),
        _(
            "Someone who says in your language what the other person says, and the other way "
            "round. An interpreter must keep what they hear secret."
        ),
    ),
    Word(
        "aangifte doen",
        _("report a crime to the police"),
        _(
            "Telling the police officially about a crime, so they can investigate it. "
            "You decide yourself whether you do this."
        ),
    ),
    Word(
        "melding",
        _("report (to Veilig Thuis)"),
        _(
            "Telling Veilig Thuis that someone may not be safe at home. This is not the same "
            "as going to the police."
        ),
    ),
    Word(
        "opvang",
        _("shelter"),
        _("A safe place to stay for a while when you are not safe at home."),
    ),
    Word(
        "huisarts",
        _("family doctor (GP)"),
        _(
            "The doctor near where you live whom you see first about your health. You can also "
            "talk to them about violence."
        ),
    ),
    Word(
        "Veilig Thuis",
        "Veilig Thuis",
        _(
            "The advice and reporting centre for domestic violence and child abuse. Anyone can "
            "call for advice, also without giving their name."
        ),
    ),
    Word(
        "Centrum Seksueel Geweld",
        "Centrum Seksueel Geweld",
        _(
            "Help after rape or sexual assault: medical, forensic and psychological care, best "
            "within 7 days. Also without a report to the police."
        ),
    ),
    Word(
        "Slachtofferhulp Nederland",
        "Slachtofferhulp Nederland",
        _("Free support for victims of crime: emotional, practical and legal."),
    ),
    Word(
        "meldcode",
        _("reporting code"),
        _(
            "Five steps that professionals such as doctors and teachers follow when they are "
            "worried about violence. They help them decide whether help is enough or whether "
            "they must report to Veilig Thuis."
        ),
    ),
    Word(
        "anoniem",
        _("anonymous"),
        _("Without giving your name. Many help lines listen without asking who you are."),
    ),
    Word(
        "vertrouwelijk",
        _("confidential"),
        _("What you tell stays between you and the helper, unless you agree that it is shared."),
    ),
    Word(
        "verwijzing",
        _("referral"),
        _(
            "When a helper sends you on to another organisation for help. On samen this "
            "happens only with your consent."
        ),
    ),
    Word(
        "sleutelpersoon",
        _("key person"),
        _(
            "A trusted person from your own community who knows the way to help and can go "
            "with you."
        ),
    ),
    Word(
        "verblijfsvergunning",
        _("residence permit"),
        _(
            "Permission to live in the Netherlands. The rights of victims of crime also apply "
            "to people without one."
        ),
    ),
    Word(
        "azc",
        _("asylum seekers' centre"),
        _("The place where asylum seekers live while their application is decided."),
    ),
    Word(
        "advocaat",
        _("lawyer"),
        _("Someone who gives legal advice and can speak for you, for example in court."),
    ),
    Word(
        "slachtoffer",
        _("victim"),
        _("Someone something bad was done to. It is never the victim's fault."),
    ),
    Word(
        "huiselijk geweld",
        _("domestic violence"),
        _(
            "Violence by a partner, a family member or someone else close to you: hitting, "
            "threatening, controlling, forcing, also sexual violence."
        ),
    ),
    Word(
        "seksueel geweld",
        _("sexual violence"),
        _("Any sexual act someone did not want or could not agree to."),
    ),
    Word(
        "112",
        "112",
        _("The number to call when someone is in danger right now: police, ambulance, fire."),
    ),
]
