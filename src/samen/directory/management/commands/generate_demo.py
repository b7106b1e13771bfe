"""samen generate-demo: replace demo data with a seeded set (S = 5k, M = 50k services) and the
community side's demo records (demo_community.py)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samen.audit.services import SystemActor
from samen.directory.demo import SIZES, demo_clear, demo_generate
from samen.directory.demo_community import community_demo_clear, community_demo_generate


class Command(BaseCommand):
    help = "Generate flagged demo data for development and benchmarks (never real)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="S")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--clear", action="store_true", help="only remove demo data")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = SystemActor("generate-demo")
        if options["clear"]:
            sessions = community_demo_clear(actor=actor)
            self.stdout.write(
                f"Removed {demo_clear(actor=actor)} demo services and {sessions} demo sessions."
            )
            return
        report = demo_generate(actor=actor, size=options["size"], seed=options["seed"])
        self.stdout.write(
            f"Generated {report.services} demo services of {report.organizations} organisations "
            f"at {report.locations} locations."
        )
        community = community_demo_generate(actor=actor, size=options["size"])
        self.stdout.write(
            f"Generated the community side: {community.organizations} organisations, "
            f"{community.key_persons} key persons, {community.networks} networks, "
            f"{community.sessions} sessions with {community.registrations} registrations."
        )
