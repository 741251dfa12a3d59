"""Landlock: a process confines itself, for good, to the files it may write.

The kernels forked by a grading zygote (zygote.py) share one bubblewrap sandbox, one after
another. Before running any student code, each confines itself with Linux Landlock (no
privilege needed, inherited by everything it starts, cannot be undone):

- files: read and execute what the sandbox shows, except the other slots' folders; write
  only its own slot folder (and /dev/null);
- TCP: no bind, no connect (the kernel talks over IPC sockets in its slot);
- scopes (ABI 6): no signal to a process outside its domain (the zygote, an earlier kernel)
  and no abstract unix socket of another domain. ptrace of a process outside the domain is
  refused by Landlock at every ABI.

Python has no binding for it, so this calls the three system calls through ctypes
(include/uapi/linux/landlock.h; docs: https://docs.kernel.org/userspace-api/landlock.html).
"""

from __future__ import annotations

import ctypes
import os
import platform
from pathlib import Path

#: system call numbers, the same on every architecture that has Landlock
_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38

# filesystem rights, by the ABI that introduced them
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_FS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 5: (1 << 16) - 1}
READ_ONLY = EXECUTE | READ_FILE | READ_DIR
# network rights (ABI 4) and scopes (ABI 6)
_NET_BIND_TCP, _NET_CONNECT_TCP = 1 << 0, 1 << 1
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1 << 0, 1 << 1

#: what a kernel forked by the zygote needs: the signal scope keeps it off the zygote
REQUIRED_ABI = 6


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def _call(number: int, *args) -> int:
    result = _libc.syscall(ctypes.c_long(number), *args)
    if result < 0:
        error = ctypes.get_errno()
        raise OSError(error, f"landlock system call {number}: {os.strerror(error)}")
    return result


def abi() -> int:
    """The Landlock ABI version of this kernel, 0 when there is none (or it is disabled)."""
    if platform.system() != "Linux":
        return 0
    try:
        return _call(_CREATE_RULESET, None, ctypes.c_size_t(0),
                     ctypes.c_uint32(_CREATE_RULESET_VERSION))
    except OSError:
        return 0


def _fs_rights(version: int) -> int:
    return max(mask for since, mask in _FS_BY_ABI.items() if since <= version)


def readable_roots(hidden: Path, start: Path = Path("/")) -> list[Path]:
    """Folders and files that together cover everything under `start` except `hidden`:
    the siblings of each folder on the way from `start` down to `hidden`."""
    hidden, start = hidden.resolve(), start.resolve()
    if not hidden.is_relative_to(start) or hidden == start:
        return [] if hidden == start else [start]
    roots: list[Path] = []
    here = start
    for part in hidden.relative_to(start).parts:
        roots += [entry for entry in here.iterdir() if entry.name != part]
        here = here / part
    return roots


def confine(writable: list[Path], hidden: Path, also_writable_files: tuple[str, ...] =
            ("/dev/null",)) -> None:
    """Confine this process for good: read everything but `hidden`, write only `writable`
    (and the files named), no TCP, no signals or abstract sockets across its domain.
    Raises OSError when the kernel cannot apply all of it (the caller must not go on)."""
    version = abi()
    if version < REQUIRED_ABI:
        raise OSError(f"Landlock ABI {version} < {REQUIRED_ABI}: cannot confine the kernel")
    fs = _fs_rights(version)
    attr = _RulesetAttr(fs, _NET_BIND_TCP | _NET_CONNECT_TCP,
                        _SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL)
    ruleset = _call(_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)),
                    ctypes.c_uint32(0))
    try:
        rules = [(path, READ_ONLY) for path in readable_roots(hidden)]
        rules += [(Path(path), WRITE_FILE | READ_FILE) for path in also_writable_files]
        rules += [(path, fs) for path in writable]
        for path, rights in rules:
            _add_path_rule(ruleset, path, rights, fs)
        _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        _call(_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0))
    finally:
        os.close(ruleset)


def _add_path_rule(ruleset: int, path: Path, rights: int, fs: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # gone, or a dangling link: nothing to allow
    try:
        if not os.path.isdir(f"/proc/self/fd/{fd}"):
            rights &= EXECUTE | WRITE_FILE | READ_FILE | (fs & ~((1 << 14) - 1))
        beneath = _PathBeneathAttr(rights & fs, fd)
        _call(_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(_RULE_PATH_BENEATH),
              ctypes.byref(beneath), ctypes.c_uint32(0))
    finally:
        os.close(fd)
