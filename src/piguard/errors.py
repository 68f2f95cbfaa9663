"""Errors raised by piguard.

Validation errors follow python-stdnum's shape: a ``ValueError`` hierarchy
with a default message, so callers can catch ``ValueError`` or a subclass.

>>> try:
...     raise InvalidChecksum()
... except ValueError as e:
...     print(e)
The number's checksum or check digit is invalid.
"""


class PiguardError(Exception):
    """Base class of every error piguard raises on purpose."""

    message = "piguard error."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message)


class ValidationError(PiguardError, ValueError):
    """A value is not a valid instance of an entity type."""

    message = "The value is not valid."


class InvalidFormat(ValidationError):
    message = "The value has an invalid format."


class InvalidLength(InvalidFormat):
    message = "The value has an invalid length."


class InvalidChecksum(ValidationError):
    message = "The number's checksum or check digit is invalid."


class InvalidComponent(ValidationError):
    message = "One of the parts of the value is invalid or unknown."


class BadInput(PiguardError, ValueError):
    """Input a user gave that piguard cannot use (missing file, bad encoding,
    malformed policy...). The CLI prints the message on one line and exits 2.

    ``where`` names the position (file, line, record) when known.
    """

    message = "bad input."

    def __init__(self, message: str | None = None, where: str | None = None):
        self.where = where
        text = message or self.message
        super().__init__(f"{where}: {text}" if where else text)


class UnknownName(BadInput):
    """An unknown registry name; suggests the closest known one.

    >>> str(UnknownName("preset", "dispaly", ["display", "waybill"]))
    "unknown preset 'dispaly'. Did you mean 'display'?"
    """

    def __init__(self, kind: str, name: str, known):
        import difflib

        by_lower = {str(k).lower(): str(k) for k in known}
        close = difflib.get_close_matches(str(name).lower(), list(by_lower), n=1)
        hint = f" Did you mean '{by_lower[close[0]]}'?" if close else ""
        super().__init__(f"unknown {kind} '{name}'.{hint}")
