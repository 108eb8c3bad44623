"""Country names as the registry writes them.

The registry's own country is «Кыргызская Республика» / «Кыргыз Республикасы» / "Kyrgyz Republic"
everywhere (settings.COUNTRIES_OVERRIDE), never django-countries' «Киргизия». django-countries has
no Kyrgyz catalogue, so on Kyrgyz pages its names would fall back to Russian; there the other
countries take their Kyrgyz names from CLDR (Babel), as a Kyrgyz reader writes them.
"""

from babel import Locale
from django.conf import settings
from django.utils.translation import get_language

# Languages of the interface that django-countries does not translate.
CLDR_LANGUAGES = {"ky"}


def country_name(country):
    """The name of a django-countries Country in the page's language."""
    language = get_language()
    if language in CLDR_LANGUAGES and country.code not in settings.COUNTRIES_OVERRIDE:
        return Locale.parse(language).territories.get(country.code, country.name)
    return country.name
