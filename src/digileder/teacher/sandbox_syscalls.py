"""The few system calls a grading kernel is refused (a seccomp filter), for the memory limit.

The memory watch (sandbox_memory.py) sees what the submission's processes hold from outside
the sandbox. The ways to hold memory it cannot see are closed here, before participant code
runs, in the kernel process (every process it starts inherits the filter, for good):

- SysV shared memory and message queues (shmget, msgget): a segment nobody has mapped lives
  in the kernel's own IPC namespace, out of sight. No course code uses them; multiprocessing
  uses /dev/shm, which is watched.
- new namespaces (unshare, setns, clone with a CLONE_NEW* flag): in a user and mount namespace
  of its own, code could mount a tmpfs of any size that nobody outside sees.
- memfd_secret: memory that /proc does not show.
- memfd_create: a memfd sent over a unix socket and not yet received is held by the socket,
  in no process's file table, at any size. No course code makes one; files in /tmp and
  /dev/shm, which the watch counts wherever they are held, do the same job.

clone3 answers ENOSYS, so the C library falls back to clone, whose flags the filter can read.
Refused calls fail with EPERM ("Operation not permitted"). Capabilities from the kernel's own
user namespace are dropped too. On other machines than x86-64 and arm64 no filter is set,
and `install` says so by returning False.
"""

from __future__ import annotations

import ctypes
import errno
import platform

_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_RET_ALLOW, _RET_ERRNO = 0x7FFF0000, 0x00050000
_LD_W_ABS, _JEQ_K, _JGE_K, _JSET_K, _RET_K = 0x20, 0x15, 0x35, 0x45, 0x06
_CLONE_NEW = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 \
    | 0x40000000 | 0x00000080  # NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET, NEWTIME
_CAPABILITY_VERSION_3 = 0x20080522

# audit arch, then the numbers of shmget, msgget, unshare, setns, memfd_secret, memfd_create,
# clone, clone3
_ARCHES = {
    "x86_64": (0xC000003E, 29, 68, 272, 308, 447, 319, 56, 435),
    "aarch64": (0xC00000B7, 194, 186, 97, 268, 447, 279, 220, 435),
}


class _Instruction(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte),
                ("k", ctypes.c_uint32)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Instruction))]


def _program(arch: int, shmget: int, msgget: int, unshare: int, setns: int, secret: int,
             memfd: int, clone: int, clone3: int) -> list[tuple[int, int, int, int]]:
    deny, enosys = _RET_ERRNO | errno.EPERM, _RET_ERRNO | errno.ENOSYS
    refused = (shmget, msgget, unshare, setns, secret, memfd)
    code = [(_LD_W_ABS, 0, 0, 4),  # seccomp_data.arch
            (_JEQ_K, 1, 0, arch),
            (_RET_K, 0, 0, deny),  # another ABI (e.g. 32-bit calls from a 64-bit process)
            (_LD_W_ABS, 0, 0, 0),  # seccomp_data.nr
            (_JGE_K, 0, 1, 0x40000000),
            (_RET_K, 0, 0, deny)]  # x32 calls
    for number in refused:
        code += [(_JEQ_K, 0, 1, number), (_RET_K, 0, 0, deny)]
    code += [(_JEQ_K, 0, 1, clone3), (_RET_K, 0, 0, enosys),
             (_JEQ_K, 1, 0, clone), (_RET_K, 0, 0, _RET_ALLOW),
             (_LD_W_ABS, 0, 0, 16),  # the low half of clone's flags (args[0])
             (_JSET_K, 0, 1, _CLONE_NEW), (_RET_K, 0, 0, deny),
             (_RET_K, 0, 0, _RET_ALLOW)]
    return code


def install() -> bool:
    """Drop capabilities and set the filter on this (single-threaded) process."""
    libc = ctypes.CDLL(None, use_errno=True)
    header = (ctypes.c_uint32 * 2)(_CAPABILITY_VERSION_3, 0)
    if libc.capset(header, (ctypes.c_uint32 * 6)()) != 0:
        raise OSError(ctypes.get_errno(), "capset")
    numbers = _ARCHES.get(platform.machine())
    if numbers is None:
        return False
    code = _program(*numbers)
    instructions = (_Instruction * len(code))(*[_Instruction(*step) for step in code])
    program = _Program(len(code), instructions)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
            libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "seccomp")
    return True
