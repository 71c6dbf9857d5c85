"""Images are drawn in a child process: a hang is stopped (with every process it started) and tried once more."""
import os
import sys
import textwrap
import time

import pytest

from disparities import render_image

# A stand-in for the drawing process: the first call starts a grandchild (as Kaleido starts Chromium) and hangs;
# later calls answer at once, so a second attempt succeeds.
FLAKY = textwrap.dedent("""
    import pathlib, subprocess, sys, time
    state = pathlib.Path(sys.argv[1])
    calls = int(state.read_text() or 0) if state.exists() else 0
    state.write_text(str(calls + 1))
    if calls < int(sys.argv[2]):
        grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
        (state.parent / f"grandchild-{calls}").write_text(str(grandchild.pid))
        time.sleep(120)
    sys.stdout.buffer.write(b"IMAGE " + sys.argv[3].encode() + b" " + sys.stdin.buffer.read())
""")


@pytest.fixture
def stand_in(tmp_path, monkeypatch):
    script = tmp_path / "stand_in.py"
    script.write_text(FLAKY)

    def hang_first(times: int):
        monkeypatch.setattr(render_image, "COMMAND", (sys.executable, str(script), str(tmp_path / "calls"),
                                                      str(times)))
    return hang_first


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a killed child not yet reaped by its parent is a zombie
        return stat.read().split()[2] != "Z"


def test_a_drawing_that_hangs_once_is_tried_again_and_its_processes_are_stopped(stand_in, tmp_path):
    stand_in(1)
    # 10 s an attempt: room for a slow Python start on a busy machine in the attempt that answers
    assert render_image.render('{"data": []}', "png", 2, attempt_seconds=10) == b'IMAGE png {"data": []}'
    assert (tmp_path / "calls").read_text() == "2"
    grandchild = int((tmp_path / "grandchild-0").read_text())
    deadline = time.monotonic() + 10
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(grandchild)


def test_a_drawing_that_always_hangs_ends_in_a_clear_error(stand_in):
    stand_in(5)
    with pytest.raises(render_image.ImageTimeout, match=r"within 1 seconds, 2 times"):
        render_image.render("{}", "svg", 1, attempt_seconds=1)


def test_a_drawing_that_fails_says_why(monkeypatch):
    monkeypatch.setattr(render_image, "COMMAND", (sys.executable, "-c",
                                                  "import sys; sys.exit('Kaleido requires Chrome to be installed')"))
    with pytest.raises(render_image.ImageFailed, match="requires Chrome"):
        render_image.render("{}", "png", 1)
