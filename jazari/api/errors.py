"""One error body for every error the API answers:

    {"error": {"code": "not_found", "message": "…", "details": [{"loc": ["query", "page"], "message": "…"}]}}

`code` is one of `CODES` and never changes for a given situation, so a script can test it; `message` is for
people, in the request's language (Accept-Language); `details` lists each wrong input where there are any.
Bad input is always a 4xx answer, never a server error.
"""

import logging
from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from typing import Any, Literal

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    BadRequest,
    ObjectDoesNotExist,
    PermissionDenied,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger("jazari.api")

ErrorCode = Literal[
    "bad_request",
    "not_authenticated",
    "permission_denied",
    "not_found",
    "conflict",
    "unsupported_media_type",
    "validation_error",
    "server_error",
]
CODES: dict[int, ErrorCode] = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    409: "conflict",
    415: "unsupported_media_type",
    422: "validation_error",
    500: "server_error",
}


class ErrorDetail(Schema):
    loc: list[str | int] = Field([], description='Where the problem is, e.g. ["query", "page"].')
    message: str


class ErrorBody(Schema):
    code: ErrorCode
    message: str
    details: list[ErrorDetail] = []


class Error(Schema):
    """The body of every error answer."""

    error: ErrorBody


class RequestRefused(Exception):
    """A request refused as a whole before an operation's schemas read it (see `jazari.api.parser`): its
    status, message and details are answered as they are."""

    def __init__(self, status: int, message: str, details: Iterable[Mapping[str, Any]] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = list(details)


def error_response(
    status: int, message: str, details: Iterable[Mapping[str, Any]] = (), code: ErrorCode | None = None
) -> HttpResponse:
    body = {
        "error": {
            "code": code or CODES.get(status, "bad_request"),
            "message": str(message),
            "details": [{"loc": list(d.get("loc", [])), "message": str(d["message"])} for d in details],
        }
    }
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _message(exc: Exception, default: str) -> str:
    return str(exc.args[0]) if exc.args and isinstance(exc.args[0], str) and exc.args[0] else default


def validation_details(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Pydantic's and the FilterSets' errors, as `{"loc", "message"}`.

    django-ninja places a body error under the name of the view's parameter (`["body", "payload", "city"]`);
    an operation has one body, so the location says `["body", "city"]`, as a client sees the body.
    """
    details = []
    for error in errors:
        loc = list(error.get("loc", ()))
        if len(loc) > 2 and loc[0] == "body":
            del loc[1]
        details.append({"loc": loc, "message": error.get("msg", "")})
    return details


def model_validation_details(exc: DjangoValidationError, location: str = "body") -> list[dict[str, Any]]:
    """A model's `full_clean()` errors, each placed at the field of the request body it comes from."""
    if not hasattr(exc, "error_dict"):
        return [{"loc": [location], "message": message} for message in exc.messages]
    return [
        {"loc": [location] if field == NON_FIELD_ERRORS else [location, field], "message": message}
        for field, messages in exc.message_dict.items()
        for message in messages
    ]


def _invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return error_response(
        422, _("The request is not valid; see the details."), validation_details(exc.errors)
    )


def _invalid_data(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return error_response(422, _("The data are not valid; see the details."), model_validation_details(exc))


def _missing(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(404, _message(exc, _("Nothing was found at this address.")))


def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(403, _message(exc, _("You may not do this.")))


def _not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = exc.message if exc.message != "Unauthorized" else None
    response = error_response(
        401,
        message or _("Sign in, or send a personal API token: Authorization: Bearer jz_…"),
    )
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _refused(request: HttpRequest, exc: RequestRefused) -> HttpResponse:
    return error_response(exc.status, exc.message, exc.details)


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, RequestRefused):
        # django-ninja turns whatever the parser raises into its own 400; the parser's reason is better.
        return _refused(request, exc.__cause__)
    status = exc.status_code if 400 <= exc.status_code < 500 else 400
    return error_response(status, exc.message, code=CODES.get(status, "bad_request"))


def _bad_request(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(400, _("The request could not be read."))


def _unreadable_form(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(400, _("The form data could not be read (a multipart body needs its boundary)."))


def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path)
    return error_response(500, _("Something went wrong on our side; it has been recorded."))


# Each exception an operation may raise, and the answer it gets (the most specific class wins).
HANDLERS: dict[type[Exception], Any] = {
    NinjaValidationError: _invalid_request,
    DjangoValidationError: _invalid_data,
    Http404: _missing,
    ObjectDoesNotExist: _missing,
    PermissionDenied: _forbidden,
    AuthenticationError: _not_authenticated,
    HttpError: _http_error,
    RequestRefused: _refused,
    BadRequest: _bad_request,
    MultiPartParserError: _unreadable_form,
    SuspiciousOperation: _bad_request,
    Exception: _server_error,
}


def install_error_handlers(api: NinjaAPI) -> None:
    """Answer every exception an operation raises with the one error body."""
    for exception, handler in HANDLERS.items():
        api.add_exception_handler(exception, handler)


@csrf_exempt  # a write to an unknown address gets the API's 404, not the HTML page of a CSRF failure
def not_found(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """Any address under /api/v1/ that no operation serves."""
    return error_response(404, _("Nothing was found at this address."))


def method_not_allowed(request: HttpRequest, allowed: str) -> HttpResponse:
    response = error_response(405, _("This address does not accept %(method)s.") % {"method": request.method})
    response["Allow"] = allowed
    return response


def with_error_body(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """django-ninja answers a method an address does not serve with a plain-text 405; give it the error
    body."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        is_json = response.get("Content-Type", "").startswith("application/json")
        if response.status_code == 405 and not is_json:
            return method_not_allowed(request, response.get("Allow", ""))
        return response

    return wrapped
