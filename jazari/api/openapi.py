"""The OpenAPI document, with two things django-ninja does not write by itself:

- the error answers of every operation, all in the one error body (`jazari.api.errors.Error`);
- `{}` among the security requirements of operations open to anonymous visitors (OpenAPI's way of saying
  "authentication optional").
"""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema

from jazari.accounts.api import AnonymousAccess
from jazari.api.errors import Error

ERROR_DESCRIPTIONS = {
    400: "Bad request: the body could not be read (code `bad_request`).",
    401: "Not authenticated, or the API token is unknown, expired or revoked (code `not_authenticated`).",
    403: "Permission denied (code `permission_denied`).",
    404: "Not found, or a page past the end of a list (code `not_found`).",
    409: "Another record already has this name or short name (code `conflict`).",
    415: "The body is not of the type this operation takes (code `unsupported_media_type`).",
    422: "Invalid parameters or body; `details` says which (code `validation_error`).",
}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BODY_SOURCES = frozenset({"body", "form", "file"})


class JazariOpenAPISchema(OpenAPISchema):
    def operation_security(self, operation: Operation) -> list[dict[str, Any]] | None:
        security = super().operation_security(operation) or []
        if any(isinstance(callback, AnonymousAccess) for callback in operation.auth_callbacks):
            security.append({})
        return security or None

    def responses(self, operation: Operation) -> dict[int, dict[str, Any]]:
        result = super().responses(operation)
        error = {"application/json": {"schema": self._error_schema()}}
        for status in self._error_statuses(operation):
            result.setdefault(status, {"description": ERROR_DESCRIPTIONS[status], "content": error})
        return result

    def _error_statuses(self, operation: Operation) -> list[int]:
        sources = {model.__ninja_param_source__ for model in operation.models}
        statuses = [401, 404]
        if sources & BODY_SOURCES:
            statuses += [400, 415]
        if not set(operation.methods) <= SAFE_METHODS:
            statuses += [403, 409]
        if sources:
            statuses.append(422)
        return sorted(statuses)

    def _error_schema(self) -> dict[str, str]:
        if Error.__name__ not in self.schemas:
            schema = Error.model_json_schema(
                ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema
            )
            self.add_schema_definitions(schema.pop("$defs", {}))
            self.schemas[Error.__name__] = schema
        return {"$ref": REF_TEMPLATE.format(model=Error.__name__)}


class JazariAPI(NinjaAPI):
    """django-ninja's API with Jazari's OpenAPI document (declared errors, optional authentication)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return JazariOpenAPISchema(self, path_prefix)
