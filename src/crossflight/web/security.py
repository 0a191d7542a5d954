"""Who may start work or write, and how big a request may be.

* Endpoints that start work or write depend on :func:`require_token`: a bearer token equal
  (``secrets.compare_digest``, constant time) to ``CROSSFLIGHT_TOKEN``.  Without a configured
  token the server refuses every write.  Read-only endpoints are open.
* The dashboard logs in once with the token and keeps an HMAC of it in an HttpOnly,
  ``SameSite=Strict`` cookie (the token itself never sits in the browser).
* :class:`BodyLimit` answers 413 to any request body above ``max_body_bytes``, whether it
  announces its length or streams it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crossflight.web.settings import Settings

__all__ = ["COOKIE", "BodyLimit", "cookie_value", "require_token", "session_ok", "token_ok"]

COOKIE = "crossflight_session"
bearer = HTTPBearer(auto_error=False, description="CROSSFLIGHT_TOKEN as a bearer token")


def token_ok(settings: Settings, supplied: str | None) -> bool:
    """Whether ``supplied`` is the server's token (constant-time comparison)."""
    if settings.token is None or supplied is None:
        return False
    return secrets.compare_digest(supplied.encode(), settings.token.encode())


def cookie_value(settings: Settings) -> str:
    """The dashboard session cookie: an HMAC of a fixed message under the token."""
    assert settings.token is not None
    return hmac.new(settings.token.encode(), b"crossflight-dashboard", hashlib.sha256).hexdigest()


def session_ok(request: Request) -> bool:
    """Whether the dashboard request carries a valid session cookie."""
    settings: Settings = request.app.state.settings
    supplied = request.cookies.get(COOKIE)
    if settings.token is None or supplied is None:
        return False
    return secrets.compare_digest(supplied.encode(), cookie_value(settings).encode())


async def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    """FastAPI dependency: 401 unless the request carries the bearer token."""
    settings: Settings = request.app.state.settings
    if settings.token is None:
        detail = "this server accepts no writes: it was started without CROSSFLIGHT_TOKEN"
    elif credentials is None:
        detail = "missing bearer token (send the header 'Authorization: Bearer <token>')"
    elif not token_ok(settings, credentials.credentials):
        detail = "wrong bearer token"
    else:
        return
    raise HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


class BodyLimit:
    """ASGI middleware: 413 for request bodies above ``max_bytes`` (buffered, then replayed)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(send)
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        payload: dict[str, Any] = {
            "detail": f"request body larger than {self.max_bytes} bytes "
            "(fix: send less, or raise CROSSFLIGHT_MAX_BODY_BYTES on the server)"
        }
        data = json.dumps(payload).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(data)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": data})
