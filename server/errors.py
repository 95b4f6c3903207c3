"""The one exception an endpoint raises to answer with ``{"code", "detail"}``."""

from __future__ import annotations

from sync.protocol import ErrorCode


class ApiError(Exception):
    def __init__(
        self, status: int, code: ErrorCode, detail: str = "", retry_after: int | None = None
    ) -> None:
        super().__init__(f"{status} {code.value}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail
        self.retry_after = retry_after


def not_found(detail: str = "not found") -> ApiError:
    return ApiError(404, ErrorCode.NOT_FOUND, detail)


def unauthorized(detail: str = "sign in again") -> ApiError:
    return ApiError(401, ErrorCode.UNAUTHORIZED, detail)
