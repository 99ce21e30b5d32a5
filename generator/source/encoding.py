"""How a source file's bytes become text, and what to say when they are not UTF-8."""

from __future__ import annotations

from generator.diagnostics import Diagnostic

_BYTE_ORDER_MARKS = (
    ("UTF-32", (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")),
    ("UTF-16", (b"\xff\xfe", b"\xfe\xff")),
)
"""Encodings told by their byte-order mark; UTF-32's marks begin with UTF-16's, so it is tried first."""


def undecodable(path: str, raw: bytes, error: UnicodeDecodeError) -> Diagnostic:
    for encoding, marks in _BYTE_ORDER_MARKS:
        if raw.startswith(marks):
            return Diagnostic(
                path,
                1,
                1,
                "error",
                "encoding",
                f"file is saved as {encoding}; save it as UTF-8 (in VS Code: 'Save with Encoding', UTF-8)",
            )
    before = raw[: error.start]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    return Diagnostic(
        path,
        line,
        column,
        "error",
        "encoding",
        f"file is not valid UTF-8: found byte 0x{raw[error.start]:02x}, which suggests another "
        "encoding such as Windows-1252; save it as UTF-8 (in VS Code: 'Save with Encoding', UTF-8)",
    )


def looks_utf16(raw: bytes) -> bool:
    """Text of mostly ASCII saved as UTF-16 without a byte-order mark: a zero byte beside each character.

    UTF-8 decodes it without complaint (zero bytes are valid), and YAML then stops at the first one.
    """
    head = raw[:200]
    return (
        len(head) >= 4
        and b"\x00" in head[:2]
        and (head[0::2].count(0) > len(head) // 3 or head[1::2].count(0) > len(head) // 3)
    )


def source_text(raw: bytes) -> str:
    """A file's text as every stage reads it: UTF-8, its byte-order mark dropped, line ends LF.

    A file saved with CR line ends (classic Mac) or CRLF reads as the same lines, so that a
    place counted in newlines is the line an editor shows (a CR-only file was one line of 6 KB).
    """
    # A UTF-8 byte-order mark is accepted and dropped, as editors on Windows add one.
    text = raw.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
