"""The one network call: every escalation policy PagerDuty's REST API holds, read-only.

Through the official ``pagerduty`` client (PyPI), which pages through ``GET
/escalation_policies`` (``offset``/``limit``/``more``). Its defaults are changed where they do
not suit a check in CI: it retries a 429 forever (here a few times, then gives up), it tries
three times to connect, and it waits 60 s for an answer (here 30 s). Its own error messages
quote part of the token, so none of them is passed on: every failure becomes one line of ours.
The token is read from the environment by the caller and is never part of a message.
"""

from __future__ import annotations

import logging
from typing import Any

from generator.paging.live import PagingUnavailable

logging.getLogger(__name__).addHandler(logging.NullHandler())

PAGERDUTY_API = "https://api.pagerduty.com"
TIMEOUT_SECONDS = 30
RATE_LIMIT_RETRIES = 3
"""Answers of 429 (rate limited) retried before giving up; the client alone would retry forever."""
NETWORK_ATTEMPTS = 2
RETRY_PAUSE_SECONDS = 1.5
"""The client's first pause before a retry; it doubles after each."""


def fetch_escalation_policies(base_url: str, token: str) -> list[dict[str, Any]]:
    """Every escalation policy, all pages read (PagingUnavailable with one line on any failure)."""
    import httpx2
    import pagerduty

    if not base_url.startswith("https://"):
        raise PagingUnavailable(f"{base_url}: the PagerDuty API is reached over https:// only; pass an https:// URL")
    client = pagerduty.RestApiV2Client(token, base_url=base_url.rstrip("/"))
    # The client logs each retry as a warning; with no handler set up, Python would print those
    # lines on stderr beside the one line this check prints.
    client.log = logging.getLogger(__name__)
    client.timeout = TIMEOUT_SECONDS
    client.retry[429] = RATE_LIMIT_RETRIES
    client.max_network_attempts = NETWORK_ATTEMPTS
    client.sleep_timer = RETRY_PAUSE_SECONDS
    endpoint = f"{base_url.rstrip('/')}/escalation_policies"
    try:
        return list(client.iter_all("escalation_policies"))
    except pagerduty.HttpError as error:
        status = error.response.status_code if error.response is not None else 0
        raise PagingUnavailable(_refusal(endpoint, status)) from None
    except pagerduty.Error as error:
        cause = error.__cause__
        if isinstance(cause, httpx2.TransportError):
            raise PagingUnavailable(f"{endpoint}: cannot reach PagerDuty ({_transport(cause)})") from None
        raise PagingUnavailable(f"{endpoint}: the answer is not PagerDuty's escalation policy list") from None
    except (ValueError, TypeError, KeyError):
        raise PagingUnavailable(f"{endpoint}: the answer is not PagerDuty's escalation policy list") from None
    except httpx2.HTTPError as error:
        raise PagingUnavailable(f"{endpoint}: cannot reach PagerDuty ({_transport(error)})") from None
    finally:
        client.close()


def _refusal(endpoint: str, status: int) -> str:
    if 200 <= status < 300:
        return f"{endpoint}: the answer is not PagerDuty's escalation policy list (not the expected JSON)"
    if status == 401:
        return f"{endpoint}: PagerDuty refused the token (401 Unauthorized); set PAGERDUTY_TOKEN to a valid API key"
    if status == 403:
        return (
            f"{endpoint}: PagerDuty refused access (403 Forbidden); the token needs read access to escalation policies"
        )
    if status == 429:
        return (
            f"{endpoint}: PagerDuty is rate limiting this token (429 Too Many Requests, still after "
            f"{RATE_LIMIT_RETRIES} retries); run the check again later"
        )
    return f"{endpoint}: PagerDuty answered HTTP {status}; expected the escalation policy list"


def _transport(error: Exception) -> str:
    """The kind of network failure, without anything the request carried."""
    text = str(error).splitlines()[0] if str(error) else ""
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return "its TLS certificate is not trusted; point SSL_CERT_FILE at the CA bundle that signs it"
    return type(error).__name__ + (f": {text}" if text and len(text) < 200 else "")
