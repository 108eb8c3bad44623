"""Fill the database with a synthetic registry of national scale (see initiatives/generator.py).

manage.py generate_registry --scale 0.1   # 500 initiatives, 10,000 measurements, 2,000 events
manage.py generate_registry --scale 1     # 5,000 initiatives, 100,000 measurements, ...
manage.py generate_registry --scale 10    # ten times that

For the benchmark and for trying the registry full; never for a registry the public reads.
"""

from django.core.management.base import BaseCommand, CommandError

from initiatives.generator import AlreadyGenerated, generate


class Command(BaseCommand):
    help = "Write a synthetic, published registry of the given scale into the database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=0.1,
            help="1 = 5,000 initiatives, 100,000 measurements, 20,000 events (default 0.1).",
        )
        parser.add_argument("--seed", type=int, default=1, help="The same seed, the same data.")

    def handle(self, *args, **options):
        if not 0 < options["scale"] <= 100:
            raise CommandError("--scale must be above 0 and at most 100.")

        def progress(model, count):
            if options["verbosity"] >= 2:
                self.stderr.write(f"{model._meta.label_lower}: {count}")

        try:
            generate(options["scale"], options["seed"], progress)
        except AlreadyGenerated as error:
            raise CommandError(str(error)) from None
        if options["verbosity"] >= 1:
            self.stderr.write(
                self.style.SUCCESS(f"Generated a registry at scale {options['scale']}.")
            )
