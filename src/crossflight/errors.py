"""The one exception tree of crossflight.

::

    CrossflightError                    base of everything crossflight raises on purpose
    ├── InputError                      bad input from a user: CLI exit code 2, one line
    │   ├── NaiveDatetimeError          a datetime without a timezone
    │   ├── ManifestError               a manifest / station / catalog file is wrong
    │   ├── CatalogError                an experiment catalog or increment file is wrong
    │   ├── ElementSetError             a TLE or OMM element set is malformed
    │   ├── RequestError                a planning request is wrong
    │   ├── ScenarioError               a main-job scenario file is wrong
    │   ├── UnknownIdError              an id (site, vehicle, port, agency…) that does not exist
    │   ├── ProfileError                a rendezvous profile that is unknown or infeasible
    │   └── StoreError                  a run store that cannot be opened (bad URL, server down)
    ├── JobLimitError                   the service's job queue is full (retry later)
    ├── StaleElementSetError            element set too far from the requested dates (--strict)
    ├── PropagationError                SGP4 reported an error code (e.g. decay) for an instant
    ├── FetchError                      an element set could not be downloaded (offline, HTTP)
    ├── InfeasibleRequestError          a planning request cannot be met (carries the explanation)
    └── VerificationError               a produced plan failed the independent checker (a bug)

Every error carries the file (``source``), the field and the fix, and renders as one line:
``FILE: FIELD: what is wrong (fix: what to do)``.
"""

from __future__ import annotations


class CrossflightError(Exception):
    """Base of every error crossflight raises on purpose."""

    exit_code: int = 1

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        field: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.field = field
        self.fix = fix
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The error as the single line the CLI prints."""
        parts = [p for p in (self.source, self.field) if p]
        head = ": ".join(parts)
        text = f"{head}: {self.message}" if head else self.message
        if self.fix:
            text += f" (fix: {self.fix})"
        return " ".join(text.split())


class InputError(CrossflightError):
    """Bad input from a user; the CLI prints one line and exits with code 2."""

    exit_code = 2


class NaiveDatetimeError(InputError):
    """A datetime without timezone information was given where UTC is required."""


class ManifestError(InputError):
    """A manifest, station or catalog file is malformed or inconsistent."""


class CatalogError(InputError):
    """An experiment catalog or increment file is malformed or inconsistent."""


class ElementSetError(InputError):
    """A TLE or CCSDS OMM element set is malformed."""


class RequestError(InputError):
    """A crew-planning request is malformed or inconsistent."""


class ScenarioError(InputError):
    """A main-job scenario file (``docs/scenario.md``) is malformed or inconsistent."""


class UnknownIdError(InputError):
    """An identifier (site, vehicle, port, agency, person, flight) that does not exist."""


class ProfileError(InputError):
    """A rendezvous profile that is unknown, or infeasible for the given geometry."""


class StoreError(InputError):
    """The run store cannot be opened or used: a bad database URL, an unreachable server."""


class JobLimitError(CrossflightError):
    """The service already holds its maximum number of queued and running jobs."""


class StaleElementSetError(CrossflightError):
    """The nearest element set is too far in time from the requested instants."""

    exit_code = 2


class PropagationError(CrossflightError):
    """SGP4 returned an error code for a requested instant (the set cannot describe it)."""

    exit_code = 2


class FetchError(CrossflightError):
    """An element set could not be downloaded (no network, HTTP error, no data for the id)."""

    exit_code = 2


class InfeasibleRequestError(CrossflightError):
    """A planning request cannot be met; ``explanation`` names the conflicting groups."""

    exit_code = 1

    def __init__(self, message: str, *, explanation: list[str] | None = None, **kw: str) -> None:
        self.explanation = explanation or []
        super().__init__(message, **kw)


class VerificationError(CrossflightError):
    """A produced plan was rejected by the independent rules checker: always a bug."""

    exit_code = 3


class StaleElementSetWarning(UserWarning):
    """The nearest element set is more than the staleness limit from a requested instant."""
