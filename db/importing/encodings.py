"""Which text encoding a file uses: byte-order marks, then UTF-8, then the likeliest legacy one.

Short files are ambiguous (the same bytes are valid Windows-1252, -1251 and -1250), so legacy
encodings are ranked by charset-normalizer's mess ratio with Windows-1252 first on a tie.
The user can always override the guess.
"""

from __future__ import annotations

import codecs

from db.errors import ImportFileError

SAMPLE_BYTES = 256 * 1024
# Legacy encodings analysts' files come in, most likely first (the tie-breaker).
LEGACY = ("cp1252", "cp1251", "gb18030", "shift_jis", "cp1250", "cp1253", "cp1254", "euc_kr",
          "big5")
# Offered for overriding the guess, under the names people know them by.
COMMON = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1",
          "cp1251", "cp1250", "gb18030", "big5", "shift_jis", "euc_kr", "mac_roman")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def detect_encoding(raw: bytes) -> str:
    """The encoding of ``raw``: a BOM's, UTF-16 by its zero bytes, UTF-8, else a legacy one."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    utf16 = _utf16_without_bom(raw[:SAMPLE_BYTES])
    if utf16:
        return utf16
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    return _likeliest_legacy(raw[:SAMPLE_BYTES])


def _utf16_without_bom(sample: bytes) -> str | None:
    """ASCII-heavy UTF-16 has a zero byte in every other position."""
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / len(sample[0::2])
    odd = sample[1::2].count(0) / len(sample[1::2])
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _likeliest_legacy(sample: bytes) -> str:
    from charset_normalizer.md import mess_ratio

    best, best_mess = None, None
    for name in LEGACY:
        try:
            text = sample.decode(name)
        except UnicodeDecodeError:
            continue
        mess = mess_ratio(text, 1.0)
        if best_mess is None or mess < best_mess - 1e-9:
            best, best_mess = name, mess
    if best is None:
        from charset_normalizer import from_bytes

        match = from_bytes(sample).best()
        best = match.encoding if match else "latin-1"  # latin-1 decodes any byte
    return best


def decode(raw: bytes, encoding: str | None, *, name: str) -> tuple[str, str]:
    """The text of ``raw`` and the encoding used (``encoding`` if given, else detected)."""
    chosen = encoding or detect_encoding(raw)
    try:
        codecs.lookup(chosen)
    except LookupError:
        raise ImportFileError(f"unknown text encoding {chosen!r}; try utf-8, cp1252 or "
                              "utf-16") from None
    try:
        text = raw.decode(chosen)
    except UnicodeDecodeError as exc:
        raise ImportFileError(_mismatch(raw, chosen, exc.start, name)) from None
    return text.lstrip("\ufeff"), chosen


def _mismatch(raw: bytes, chosen: str, start: int, name: str) -> str:
    """Where ``raw`` stops being ``chosen``, by line and byte, and what it reads as instead."""
    line = raw[:start].decode(chosen, errors="replace").count("\n") + 1
    likely = detect_encoding(raw)
    instead = f" (it reads as {likely})" if likely != chosen else ""
    return (f"{name} is not valid {chosen}: line {line:,} (byte {start:,}) cannot be read; "
            f"choose another encoding{instead}")
