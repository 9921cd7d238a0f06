"""What C libraries (libtiff, libjpeg, libwebp) print on the process's standard error while a
file is decoded, caught so it lands in that file's outcome instead of on the terminal.

Used only in the import's worker processes, which examine one file at a time in one thread: the
redirection of file descriptor 2 is process-wide, so nothing else may write there meanwhile.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator

#: the most of a library's chatter kept per file.
MAX_LINES = 20


@contextlib.contextmanager
def captured_stderr(lines: list[str]) -> Iterator[None]:
    """Redirect file descriptor 2 to a temporary file; append its non-empty lines to `lines`."""
    with tempfile.TemporaryFile() as sink:
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            with contextlib.suppress(Exception):
                sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            text = sink.read(64 * 1024).decode("utf-8", "replace")
            found = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
            lines.extend(found[:MAX_LINES])
            if len(found) > MAX_LINES:
                lines.append(f"(and {len(found) - MAX_LINES} more lines from the decoder)")
