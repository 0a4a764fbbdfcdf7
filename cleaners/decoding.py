"""Bytes to text for pages whose declared charset cannot be trusted.

Indonesian sites often declare iso-8859-1 (or nothing) and send UTF-8, while older ones
send real windows-1252. Valid UTF-8 is almost never anything else, so it is tried first;
otherwise Beautiful Soup's UnicodeDammit weighs the declared charset and the bytes.
"""

from __future__ import annotations

import re

from bs4.dammit import UnicodeDammit

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def decode_html(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        dammit = UnicodeDammit(data, is_html=True)
        text = dammit.unicode_markup
        if text is None:
            text = data.decode("windows-1252", errors="replace")
    # lxml refuses text that still carries an encoding declaration.
    return _XML_DECLARATION.sub("", text, count=1)
