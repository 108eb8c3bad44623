"""The OpenAPI schema: drf-spectacular's, with the error responses every operation can give."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema

ERROR_BODY = {
    "application/json": {
        "schema": {
            "type": "object",
            "additionalProperties": True,
            "description": "`detail` with a message, or field names with their messages.",
        }
    }
}
ERRORS = {
    "400": _("Invalid filter, page size or data: each field named with its messages."),
    "401": _("Writing needs a token (or a staff session)."),
    "403": _("The account lacks the model permission for this change."),
    "404": _("No published record with this slug, or no such page of results."),
    "429": _("Too many requests: the rate limit says when to try again."),
}


class RegistrySchema(AutoSchema):
    def get_auth(self):
        """Reading needs no account (DjangoModelPermissionsOrAnonReadOnly): say so."""
        auth = super().get_auth()
        if self.method in ("GET", "HEAD") and {} not in auth:
            auth.append({})
        return auth

    def _get_filter_parameters(self):
        """`?role=` (as a page's form sends an unchosen filter) filters nothing: say so."""
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            parameter["allowEmptyValue"] = True
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in ERRORS.items():
            responses.setdefault(code, {"description": str(description), "content": ERROR_BODY})
        return responses
