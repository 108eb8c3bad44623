"""Notes in three languages: each note moves to the column of the language it is written in.

A note was one text, some English, some Russian. It becomes note_ru, note_ky and note_en, as
names are; a row's note goes to the column of its language, read from its letters (history
rows too, so a past version shows its note). Backwards, a row keeps the first filled column
in the order of the languages (ru, ky, en).
"""

from django.db import migrations, models

LANGUAGES = ("ru", "ky", "en")

# Kyrgyz and Russian share the Cyrillic alphabet. What tells them apart: Kyrgyz letters and
# long (doubled) vowels, against letters Kyrgyz has only in Russian loanwords. A Russian note
# may quote a Kyrgyz word («айыл өкмөтү»), so a tie goes to Russian.
KYRGYZ_LETTERS = "ңөү"
KYRGYZ_LONG_VOWELS = ("аа", "оо", "уу", "ыы", "ээ", "үү", "өө")
RUSSIAN_LETTERS = "вьъщцф"


def language_of(text):
    """ru, ky or en: English when most letters are Latin, else Kyrgyz or Russian."""
    text = text.lower()
    letters = [ch for ch in text if ch.isalpha()]
    latin = sum("a" <= ch <= "z" for ch in letters)
    if latin * 2 > len(letters):
        return "en"
    kyrgyz = sum(ch in KYRGYZ_LETTERS for ch in text)
    kyrgyz += sum(text.count(vowels) for vowels in KYRGYZ_LONG_VOWELS)
    russian = sum(ch in RUSSIAN_LETTERS for ch in text)
    return "ky" if kyrgyz > russian else "ru"


def note_field(model):
    if model == "source":
        return models.TextField(
            blank=True,
            help_text="How the date or other details were inferred, when the text does not say.",
            verbose_name="note",
        )
    if model == "organizationsuccession":
        return models.TextField(blank=True, verbose_name="note")
    return models.CharField(blank=True, max_length=300, verbose_name="note")


MODELS = [
    "source",
    "organizationsuccession",
    "measurement",
    "initiativeparticipation",
    "donorprojectparticipation",
    "eventparticipation",
    "eventperson",
]
TABLES = [(model, name) for model in MODELS for name in (model, f"historical{model}")]


def spread_notes(apps, schema_editor):
    for _model, name in TABLES:
        model = apps.get_model("initiatives", name)
        rows = list(model._default_manager.exclude(note="").only("pk", "note"))
        for row in rows:
            setattr(row, f"note_{language_of(row.note)}", row.note)
        columns = [f"note_{code}" for code in LANGUAGES]
        model._default_manager.bulk_update(rows, columns, batch_size=500)


def gather_notes(apps, schema_editor):
    for _model, name in TABLES:
        model = apps.get_model("initiatives", name)
        columns = [f"note_{code}" for code in LANGUAGES]
        rows = list(model._default_manager.only("pk", *columns))
        for row in rows:
            row.note = next(
                (getattr(row, column) for column in columns if getattr(row, column)), ""
            )
        model._default_manager.bulk_update(
            [row for row in rows if row.note], ["note"], batch_size=500
        )


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0012_registry_translations"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=name, name=f"note_{code}", field=note_field(model))
            for model, name in TABLES
            for code in LANGUAGES
        ),
        migrations.RunPython(spread_notes, gather_notes),
        *(migrations.RemoveField(model_name=name, name="note") for _model, name in TABLES),
    ]
