"""What the database already holds, read once per model, for an import to look up.

Django's deserializer asks the database for every natural key it meets, the record's own
and each reference's, and telling an unchanged record from an edited one took a query and a
serialization per record. An import instead reads each model's keys (`natural_key_fields()`
names them as lookups), and its stored rows when a record already exists, in one query each.
"""


def key_part(value):
    """A key part as a fixture writes it: dates (full or partial) in ISO form, else as is."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def fixture_key(model, fields):
    """The natural key of a fixture record, from its fields; None when a part is missing.

    The key's lookups are grouped by the field they start from: a reference contributes its
    target's whole key (which the fixture gives as a list), a plain field its value.
    """
    names = dict.fromkeys(lookup.split("__")[0] for lookup in model.natural_key_fields())
    parts = []
    for name in names:
        model_field = model._meta.get_field(name)
        value = fields.get(name)
        if model_field.many_to_one:
            if not isinstance(value, list):
                return None
            parts.extend(value)
        else:
            try:
                parts.append(key_part(model_field.to_python(value)))
            except Exception:  # a bad value is reported by the field check
                return None
    return tuple(parts)


class NaturalKeys:
    def __init__(self):
        self.by_model = {}

    def of(self, model):
        """{natural key: pk} of every record of `model`, read on first use."""
        if model not in self.by_model:
            rows = model._default_manager.values_list(*model.natural_key_fields(), "pk")
            self.by_model[model] = {
                tuple(key_part(part) for part in row[:-1]): row[-1]
                for row in rows.iterator(chunk_size=5000)
            }
        return self.by_model[model]

    def pk(self, model, key):
        """The primary key of the record with this natural key, or None."""
        try:
            return self.of(model).get(tuple(key))
        except TypeError:  # not a list of key parts (an unhashable part)
            return None

    def add(self, model, key, pk):
        self.of(model)[key] = pk


class StoredRows:
    def __init__(self):
        self.rows = {}
        self.links = {}

    def values(self, model):
        """{pk: {attname: value}} of every stored record of `model`, read on first use."""
        if model not in self.rows:
            # Read as records, not values(): a field's descriptor gives the value its Python
            # form (a list of countries, not the stored text), as on the record built.
            names = [f.attname for f in model._meta.concrete_fields]
            self.rows[model] = {
                record.pk: {name: getattr(record, name) for name in names}
                for record in model._default_manager.iterator(chunk_size=5000)
            }
        return self.rows[model]

    def linked(self, many_to_many):
        """{pk: set of linked pks} of a many-to-many field, read on first use."""
        if many_to_many not in self.links:
            through = many_to_many.remote_field.through
            source = through._meta.get_field(many_to_many.m2m_field_name()).attname
            target = through._meta.get_field(many_to_many.m2m_reverse_field_name()).attname
            found = {}
            for owner, linked in through._default_manager.values_list(source, target).iterator():
                found.setdefault(owner, set()).add(linked)
            self.links[many_to_many] = found
        return self.links[many_to_many]

    def hold(self, deserialized, names):
        """Whether the stored record has the values these fields of the built record have."""
        record = deserialized.object
        model = type(record)
        stored = self.values(model).get(record.pk)
        if stored is None:
            return False
        for name in names:
            model_field = model._meta.get_field(name)
            if model_field.many_to_many:
                linked = self.linked(model_field).get(record.pk, set())
                if set(deserialized.m2m_data[name]) != linked:
                    return False
            elif model_field in deserialized.deferred_fields:
                return False  # a reference to a record new in this file
            elif getattr(record, model_field.attname) != stored[model_field.attname]:
                return False
        return True
