"""The service's settings, all from the environment, in one place.

==============================  ===========================================  ==============
variable                        meaning                                      default
==============================  ===========================================  ==============
``CROSSFLIGHT_TOKEN``           bearer token for endpoints that start work   unset: no writes
                                or write (compared in constant time)
``CROSSFLIGHT_DB``              SQLAlchemy URL of the run store              user data dir
``CROSSFLIGHT_MAX_BODY_BYTES``  largest request body accepted (413 above)    1048576
``CROSSFLIGHT_MAX_JOBS``        queued + running jobs accepted (429 above)   8
``CROSSFLIGHT_WORKERS``         worker threads running background jobs       2
``CROSSFLIGHT_CORS_ORIGINS``    comma-separated origins allowed by CORS      unset: CORS off
``CROSSFLIGHT_STALE_JOB_S``     a running job silent this long is orphaned   120
==============================  ===========================================  ==============
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from crossflight.errors import InputError

__all__ = ["Settings"]


def _int(env: Mapping[str, str], name: str, default: int, low: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if value < low:
        raise InputError(
            f"{name}={raw!r} is not a whole number >= {low}", field=name, fix=f"e.g. {default}"
        )
    return value


@dataclass(frozen=True)
class Settings:
    """Everything the service can be configured with (see the table above)."""

    token: str | None = None
    db_url: str | None = None
    max_body_bytes: int = 1_048_576
    max_active_jobs: int = 8
    workers: int = 2
    cors_origins: tuple[str, ...] = ()
    stale_job_s: float = 120.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **override: object) -> Settings:
        """Settings from ``env`` (default ``os.environ``); ``override`` wins (CLI options)."""
        e = os.environ if env is None else env
        token = e.get("CROSSFLIGHT_TOKEN") or None
        if token is not None and len(token) < 16:
            raise InputError(
                "CROSSFLIGHT_TOKEN is shorter than 16 characters",
                field="CROSSFLIGHT_TOKEN",
                fix='use a long random token, e.g. python -c "import secrets; '
                'print(secrets.token_urlsafe(32))"',
            )
        origins = tuple(
            o.strip() for o in e.get("CROSSFLIGHT_CORS_ORIGINS", "").split(",") if o.strip()
        )
        values: dict[str, object] = {
            "token": token,
            "db_url": e.get("CROSSFLIGHT_DB") or None,
            "max_body_bytes": _int(e, "CROSSFLIGHT_MAX_BODY_BYTES", 1_048_576, 1024),
            "max_active_jobs": _int(e, "CROSSFLIGHT_MAX_JOBS", 8, 1),
            "workers": _int(e, "CROSSFLIGHT_WORKERS", 2, 0),
            "cors_origins": origins,
            "stale_job_s": float(_int(e, "CROSSFLIGHT_STALE_JOB_S", 120, 1)),
        }
        values.update({k: v for k, v in override.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
