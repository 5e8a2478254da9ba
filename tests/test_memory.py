"""The build process hands back what a batch run freed; the allocator takes the settings."""

from __future__ import annotations

import subprocess
import sys

from pipeline.core import memory

FRAGMENTED_HEAP = """
import re, sys
from pipeline.core import memory

def resident_mb():
    status = open("/proc/self/status").read()
    return int(re.search(r"VmRSS:\\s+(\\d+)", status).group(1)) / 1024

blocks = [bytes(1000) + bytes([n % 256]) for n in range(200_000)]  # 200 MB of heap blocks
pinned = blocks[-1]  # keeps the top of the heap in use, so free() alone cannot shrink it
del blocks
before = resident_mb()
memory.return_freed_memory()
print(before - resident_mb())
"""


def test_the_build_process_uses_few_heaps():
    assert memory.share_few_arenas() == (memory._glibc() is not None)


def test_freed_memory_goes_back_to_the_system():
    if memory._glibc() is None:
        return  # nothing to hand back to outside glibc: the call must simply not fail
    released = subprocess.run([sys.executable, "-c", FRAGMENTED_HEAP], capture_output=True, text=True, check=True)
    assert float(released.stdout) > 100  # MB freed inside the heap, returned by the trim
