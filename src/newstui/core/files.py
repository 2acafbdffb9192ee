"""Reading files from outside safely: regular files only, and never more than a cap.

A library can hold anything a folder can: a FIFO (reading it waits for a writer that never comes), a
symlink to ``/dev/zero`` (reading it never ends), a socket or a device. Every read of a file newstui did
not write itself goes through :func:`read_capped`, which refuses what is not a regular file *before*
opening it, opens without blocking, checks again on the open descriptor (the file may have been swapped
in between), and stops one byte past the cap.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

CHUNK = 1 << 20


class UnreadableFile(OSError):
    """A file newstui will not read; the message says why in words a user can act on."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in a word a user knows."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _check(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise UnreadableFile(f"{kind_of(mode)}, not a regular file")  # the caller says what it does


def _too_large(size: int, max_bytes: int) -> UnreadableFile:
    return UnreadableFile(f"too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:g} MB)")


def read_capped(path: Path | str, max_bytes: int, *, head: int | None = None) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most ``max_bytes``, and its stat; :class:`UnreadableFile` if not.

    Symlinks are followed, but only to regular files. Other ``OSError``s (missing, permission) pass
    through for the caller to word. With ``head``, only the first ``head`` bytes are read (a list row
    needs no more); a file over the cap is still refused.
    """
    first = os.stat(path)  # noqa: PTH116 (str or Path alike)
    _check(first.st_mode)
    if first.st_size > max_bytes:
        raise _too_large(first.st_size, max_bytes)
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    )
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        _check(info.st_mode)
        if head is not None:
            if info.st_size > max_bytes:
                raise _too_large(info.st_size, max_bytes)
            return os.read(fd, head), info
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(fd, min(CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise _too_large(total, max_bytes)
    finally:
        os.close(fd)
    return b"".join(chunks), info


def read_text_capped(path: Path | str, max_bytes: int) -> str:
    """A small UTF-8 text file (settings, an import, history) read with :func:`read_capped`.

    A UTF-8 BOM is dropped; bytes that are not UTF-8 raise ``UnicodeDecodeError`` as ``read_text`` would.
    """
    data, _ = read_capped(path, max_bytes)
    return data.decode("utf-8-sig")
