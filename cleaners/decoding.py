"""Bytes to text for pages whose declared charset cannot be trusted.

Indonesian sites often declare iso-8859-1 (or nothing) and send UTF-8, while older ones
send real windows-1252. Valid UTF-8 is almost never anything else, so it is tried first;
otherwise Beautiful Soup's UnicodeDammit weighs the declared charset and the bytes.
"""

from __future__ import annotations

import logging
import re

from bs4.dammit import UnicodeDammit

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Control bytes no text page carries; NUL above all. Images, PDFs and archives do.
_BINARY = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_BINARY_SHARE = 0.01

# UnicodeDammit warns when it had to replace bytes; for a broken page that is the
# expected, handled outcome, not something to print on the user's terminal.
logging.getLogger("bs4.dammit").setLevel(logging.ERROR)


class NotText(ValueError):
    """The bytes are not a text document (an image, a PDF, an archive)."""


def decode_html(data: bytes) -> str:
    head = data[:4096]
    if head and len(_BINARY.findall(head)) > _BINARY_SHARE * len(head):
        raise NotText("binary content, not an HTML page")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        dammit = UnicodeDammit(data, is_html=True)
        text = dammit.unicode_markup
        if text is None:
            text = data.decode("windows-1252", errors="replace")
    # lxml refuses text that still carries an encoding declaration.
    return _XML_DECLARATION.sub("", text, count=1)
