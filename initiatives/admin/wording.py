"""The admin's titles, buttons and counts name each kind of record in the form the sentence
needs (initiatives/grammar.py), in every language, for every registry model at once.

Django builds them from the nominative verbose_name («Изменить инициатива», «12 инициативы»);
each hook below puts the declared form in its place. Messages that name no kind at all (after
a save or a delete) are reworded in locale/ (initiatives/admin/reworded.py).
"""

import json

from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.utils.text import capfirst
from django.utils.translation import gettext

from initiatives.grammar import noun_of


class WordedChangeList(ChangeList):
    """The list's title with the kind as its object, and its count with the number's form:
    «Выберите инициативу для изменения», «5 инициатив»."""

    def __init__(self, request, model, *args, **kwargs):
        super().__init__(request, model, *args, **kwargs)
        self.noun = noun_of(model)
        if self.is_popup:
            # Translators: kind is a kind of record as the object of a verb (accusative).
            title = gettext("Select %(kind)s")
        elif self.model_admin.has_change_permission(request):
            # Translators: kind is a kind of record as the object of a verb (accusative).
            title = gettext("Select %(kind)s to change")
        else:
            # Translators: kind is a kind of record as the object of a verb (accusative).
            title = gettext("Select %(kind)s to view")
        self.title = capfirst(title % {"kind": self.noun.accusative})

    @property
    def result_count_text(self):
        return self.noun.counted(self.result_count)


class WordedInlineFormSet(helpers.InlineAdminFormSet):
    """An inline whose "add a row" link says what it adds, «Добавить организацию в инициативе»,
    not Django's «Добавить еще один Организация в инициативе». An inline that names its rows
    its own way (`verbose_name`) says it in `add_text`."""

    def inline_formset_data(self):
        data = json.loads(super().inline_formset_data())
        add_text = getattr(self.opts, "add_text", None) or noun_of(self.opts.model).add
        data["options"]["addText"] = str(add_text)
        return json.dumps(data)


class WordingAdmin:
    """Mixed into every registry ModelAdmin (RegistryAdmin)."""

    def get_changelist(self, request, **kwargs):
        return WordedChangeList

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        noun = noun_of(self.model)
        if add:
            context["title"] = noun.add
        elif self.has_change_permission(request, obj):
            # Translators: kind is a kind of record as the object of a verb (accusative).
            context["title"] = capfirst(gettext("Change %(kind)s") % {"kind": noun.accusative})
        else:
            # Translators: kind is a kind of record as the object of a verb (accusative).
            context["title"] = capfirst(gettext("View %(kind)s") % {"kind": noun.accusative})
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        # Django builds its InlineAdminFormSet here and offers no hook for the class.
        admin_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for admin_formset in admin_formsets:
            admin_formset.__class__ = WordedInlineFormSet
        return admin_formsets

    def render_delete_form(self, request, context):
        noun = noun_of(self.model)
        # delete_confirmation.html puts `object_name` where a verb takes it as its object.
        context["object_name"] = noun.accusative
        if context.get("perms_lacking") or context.get("protected"):
            # Translators: kind is a kind of record as the object of a verb (accusative).
            title = gettext("Cannot delete %(kind)s")
        else:
            # Translators: kind is a kind of record as the object of a verb (accusative).
            title = gettext("Delete %(kind)s")
        context["title"] = capfirst(title % {"kind": noun.accusative})
        return super().render_delete_form(request, context)

    def history_form_view_title(self, request, obj):
        # simple-history's "Revert Инициатива 0": the record's name already heads the page.
        noun = noun_of(self.model)
        if self.revert_disabled(request, obj):
            title = gettext("View %(kind)s")
        else:
            # Translators: kind is a kind of record as the object of a verb (accusative).
            title = gettext("Restore %(kind)s")
        return capfirst(title % {"kind": noun.accusative})
