"""The public help guide: a few plain questions that lead to matching services.

Data-driven: each answer points at topics of the directory's taxonomy; the services come from
the directory, never from numbers written here. Answers travel only in the POST body of the
next step: never stored, never in a URL, never logged, no cookie.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samen.directory.listing import ListedService, load_for_listing
from samen.directory.selectors import public_services


@dataclass(frozen=True)
class Option:
    value: str
    label: Promise
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    key: str
    text: Promise
    options: tuple[Option, ...]
    hint: Promise | str = ""


QUESTIONS: tuple[Question, ...] = (
    Question(
        "danger",
        _("Are you in danger now?"),
        (
            Option("yes", _("Yes"), ("emergency",)),
            Option("unsure", _("I am not sure"), ("emergency",)),
            Option("no", _("No")),
        ),
        _("If you are in danger now, call 112. You can also go on with these questions."),
    ),
    Question(
        "what",
        _("What happened? Choose what fits best."),
        (
            Option(
                "sexual",
                _("Someone touched me or had sex with me against my will"),
                ("sexual-violence",),
            ),
            Option(
                "home", _("Someone at home hurts, threatens or controls me"), ("domestic-violence",)
            ),
            Option(
                "honour",
                _("My family or community forces me, for example to marry"),
                ("honour-related-violence", "forced-marriage"),
            ),
            Option("fgm", _("Cutting (female genital mutilation)"), ("fgm",)),
            Option(
                "work", _("I am forced to work or to have sex for money"), ("human-trafficking",)
            ),
            Option(
                "online",
                _("Photos or videos of me are shared or used to threaten me"),
                ("online-abuse",),
            ),
            Option(
                "other",
                _("Something else, or I do not want to say"),
                ("victim-support", "psychosocial-support"),
            ),
        ),
    ),
    Question(
        "when",
        _("When did it happen?"),
        (
            # Within about a week, medical and forensic help matters most.
            Option("recent", _("In the last 7 days"), ("medical-care", "forensic-exam")),
            Option("ongoing", _("It is still happening"), ("shelter",)),
            Option("earlier", _("Longer ago"), ("psychosocial-support",)),
        ),
    ),
    Question(
        "age",
        _("Are you under 18?"),
        (Option("yes", _("Yes"), ("children",)), Option("no", _("No"))),
    ),
    Question(
        "stay",
        _("Where do you live now?"),
        (
            Option("azc", _("In an asylum centre (azc)"), ("asylum-seekers",)),
            Option("undocumented", _("I have no residence permit"), ("undocumented",)),
            Option("other", _("Somewhere else, or I do not want to say")),
        ),
    ),
)


@dataclass
class GuideState:
    """Valid answers so far, in question order; anything else is dropped."""

    answers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_post(cls, data: dict[str, str]) -> "GuideState":
        answers: dict[str, str] = {}
        for question in QUESTIONS:
            value = data.get(question.key, "")
            if value not in {option.value for option in question.options}:
                break
            answers[question.key] = value
        return cls(answers)

    @property
    def next_question(self) -> Question | None:
        return QUESTIONS[len(self.answers)] if len(self.answers) < len(QUESTIONS) else None

    @property
    def in_danger(self) -> bool:
        return self.answers.get("danger") in ("yes", "unsure")

    def topics(self) -> list[str]:
        codes: list[str] = []
        for question in QUESTIONS:
            chosen = self.answers.get(question.key)
            for option in question.options:
                if option.value == chosen:
                    codes.extend(code for code in option.topics if code not in codes)
        return codes


def matching_services(state: GuideState, limit: int = 12) -> list[ListedService]:
    """Services with the most matching topics first; a service for children only appears
    when the person is under 18, one for adults only when not."""
    codes = state.topics()
    if not codes:
        return []
    services = public_services().filter(is_demo=False, topics__code__in=codes)
    if state.answers.get("age") == "yes":
        services = services.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lt=18))
    else:
        services = services.filter(Q(maximum_age__isnull=True) | Q(maximum_age__gte=18))
    ranked = (
        services.annotate(matches=Count("topics", filter=Q(topics__code__in=codes)))
        .order_by("-matches", "id")
        .values_list("pk", flat=True)[:limit]
    )
    order = list(ranked)
    found = load_for_listing(order)
    return [found[pk] for pk in order if pk in found]
