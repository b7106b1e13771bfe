"""The public help guide: a few plain questions that lead to matching services.

Data-driven: each answer points at topics of the directory's taxonomy; the services come from
the directory, never from numbers written here. The questions and the services they can lead to
are one page; the visitor's answers never leave their phone: never sent, stored, in a URL or a
cookie.
"""

from dataclasses import dataclass

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


def answer_key(question: Question, option: Option) -> str:
    """The answer's name on the page: its radio is #answer-<key>, its results are .for-<key>."""
    return f"{question.key}-{option.value}"


@dataclass(frozen=True)
class GuideResult:
    """A service that fits some answers; the page shows it once one of them is chosen."""

    service: ListedService
    answer_keys: tuple[str, ...]
    # "adults" or "children" when the service is only for them, else "".
    only_for: str

    @property
    def css_classes(self) -> str:
        classes = [f"for-{key}" for key in self.answer_keys]
        if self.only_for:
            classes.append(f"{self.only_for}-only")
        return " ".join(("guide-result", *classes))


def guide_results(limit: int = 40) -> list[GuideResult]:
    """Every service some answer could lead to, those fitting the most answers first. The page
    holds them all and the stylesheet shows the ones that fit the answers chosen, so the answers
    never leave the visitor's phone."""
    keys_by_topic: dict[str, list[str]] = {}
    for question in QUESTIONS:
        for option in question.options:
            for code in option.topics:
                keys_by_topic.setdefault(code, []).append(answer_key(question, option))
    rows = (
        public_services()
        .filter(is_demo=False, topics__code__in=keys_by_topic)
        .values_list("pk", "topics__code", "minimum_age", "maximum_age")
    )
    keys: dict[int, list[str]] = {}
    only_for: dict[int, str] = {}
    for pk, code, minimum_age, maximum_age in rows:
        found = keys.setdefault(pk, [])
        found.extend(key for key in keys_by_topic[code] if key not in found)
        if minimum_age is not None and minimum_age >= 18:
            only_for[pk] = "adults"
        elif maximum_age is not None and maximum_age < 18:
            only_for[pk] = "children"
    order = sorted(keys, key=lambda pk: (-len(keys[pk]), pk))[:limit]
    listed = load_for_listing(order)
    return [
        GuideResult(listed[pk], tuple(keys[pk]), only_for.get(pk, ""))
        for pk in order
        if pk in listed
    ]
