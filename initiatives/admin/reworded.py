"""Django's and simple-history's own admin strings that the registry translates its own way.

Translations in LOCALE_PATHS take precedence over the apps' catalogues, so locale/ holds ours;
`makemessages` only keeps what it finds in this project's code, so each msgid is named here.
Nothing imports this module: it exists for `makemessages`.

Why reword rather than translate word for word:
- Messages after a save or a delete put the kind in the nominative before a verb that would
  have to agree with its gender («Инициатива … был изменен»). Ours name the record instead:
  «Запись «…» изменена.», ««…» жазуусу өзгөртүлдү.». They leave the kind out, so those
  entries are marked no-python-format: msgfmt would otherwise insist on every placeholder.
- The delete page's sentences get the kind in the accusative from the admin
  (initiatives/admin/wording.py), so they are phrased around a verb that takes it.
- Kyrgyz: Django's catalogue lacks some admin strings, and a missing one falls back to the
  site's default language, Russian.
"""

from django.utils.translation import gettext_noop

REWORDED = (
    # After a save or a delete (django.contrib.admin.options).
    # xgettext:no-python-brace-format
    gettext_noop("The {name} “{obj}” was added successfully."),
    # Follows the message above when staff save and go on editing.
    gettext_noop("You may edit it again below."),
    # xgettext:no-python-brace-format
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    # xgettext:no-python-brace-format
    gettext_noop("The {name} “{obj}” was changed successfully."),
    # xgettext:no-python-brace-format
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    # xgettext:no-python-brace-format
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    # xgettext:no-python-format
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    # xgettext:no-python-format
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    # A unique value taken (django.db.models.base).
    # xgettext:no-python-format
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
    # xgettext:no-python-format
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
    # The delete page (admin/delete_confirmation.html): object_name is in the accusative.
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related "
        "objects, but your account doesn't have permission to delete the following types of "
        "objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the "
        "following protected related objects:"
    ),
    gettext_noop(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of the '
        "following related items will be deleted:"
    ),
    # Deleting the selected records (admin/actions.py, delete_selected_confirmation.html).
    # xgettext:no-python-format
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    # xgettext:no-python-format
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    gettext_noop("Delete multiple objects"),
    gettext_noop("Objects"),
    gettext_noop(
        # xgettext:no-python-format
        "Deleting the selected %(objects_name)s would result in deleting related objects, but "
        "your account doesn't have permission to delete the following types of objects:"
    ),
    gettext_noop(
        # xgettext:no-python-format
        "Deleting the selected %(objects_name)s would require deleting the following "
        "protected related objects:"
    ),
    gettext_noop(
        # xgettext:no-python-format
        "Are you sure you want to delete the selected %(objects_name)s? All of the following "
        "objects and their related items will be deleted:"
    ),
    # The list (admin/search_form.html, change_list.html).
    gettext_noop("%(full_result_count)s total"),
    gettext_noop("Select all %(total_count)s %(module_name)s"),
    # History (simple_history/admin.py).
    gettext_noop("Change history: %s"),
    gettext_noop("View history: %s"),
    # Kyrgyz: missing from Django's catalogue.
    gettext_noop("Skip to main content"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Sidebar"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("Error:"),
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
)
