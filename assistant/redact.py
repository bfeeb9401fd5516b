"""One redaction for every error text that can reach a user, a log or a report.

Model servers, databases and vector stores put their URLs, and sometimes the key they were
given, into their exceptions. :func:`redact` removes the password (or a lone token) of URLs, the
values of secret-looking query parameters and ``key=value`` pairs, bearer tokens, API keys
shaped like the common providers' keys, and any secret it is given explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

HIDDEN = "***"
_URL_CREDENTIALS = re.compile(
    r"(?P<scheme>[a-z][a-z0-9+.\-]*://)(?P<user>[^\s/@:]*)(?P<password>:[^\s/@]*)?@", re.IGNORECASE
)
_SECRET_PAIR = re.compile(
    r"(?P<name>\b(?:api[_-]?key|apikey|access[_-]?token|token|secret|password|passwd|pwd|auth|key|sig|signature)\b[\"']?\s*[=:]\s*[\"']?)"
    r"(?P<value>[^\s&\"',;]+)",
    re.IGNORECASE,
)
_BEARER = re.compile(r"\b(?P<name>bearer|basic)\s+[A-Za-z0-9._~+/\-]+=*", re.IGNORECASE)
_PROVIDER_KEY = re.compile(r"\b(?:sk|pk|rk|hf|gsk|xai)[-_][A-Za-z0-9_\-]{16,}\b")


def _hide_url_credentials(match: re.Match) -> str:
    """``user:password@`` keeps the user name; a lone ``token@`` is hidden whole."""
    if match.group("password"):
        return f"{match.group('scheme')}{match.group('user')}:{HIDDEN}@"
    return f"{match.group('scheme')}{HIDDEN}@"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with credentials and keys replaced by ``***``."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, HIDDEN)
    text = _URL_CREDENTIALS.sub(_hide_url_credentials, text)
    text = _BEARER.sub(lambda m: f"{m.group('name')} {HIDDEN}", text)
    text = _PROVIDER_KEY.sub(HIDDEN, text)
    return _SECRET_PAIR.sub(lambda m: f"{m.group('name')}{HIDDEN}", text)
