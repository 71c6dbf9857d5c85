"""Draw one plotly figure as PNG or SVG in a child process that can be stopped.

Kaleido (plotly's image export) drives Chromium and, rarely, never returns (plotly/plotly.py#5549, open): the
figure is drawn in a child process in its own session, so a stuck Chromium is killed with it and the drawing
tried once more, and the person waiting gets a clear message instead of a spinner that never ends.

Run as `python -m disparities.render_image FORMAT SCALE` with the figure's JSON on stdin: the image goes to stdout.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

ATTEMPT_SECONDS = 45
ATTEMPTS = 2
COMMAND = (sys.executable, "-m", "disparities.render_image")


class ImageTimeout(RuntimeError):
    """Chromium did not draw the image in time, twice."""


class ImageFailed(RuntimeError):
    """The child process failed; the message is its last line of error output."""


def render(figure_json: str, image_format: str, scale: float, *, attempt_seconds: float | None = None,
           attempts: int = ATTEMPTS) -> bytes:
    """The image's bytes, trying again once if Chromium hangs."""
    attempt_seconds = attempt_seconds or ATTEMPT_SECONDS
    for _ in range(attempts):
        try:
            return _attempt(figure_json, image_format, scale, attempt_seconds)
        except subprocess.TimeoutExpired:
            continue
    raise ImageTimeout(f"Chromium did not draw the image within {attempt_seconds:g} seconds, {attempts} times")


def _attempt(figure_json: str, image_format: str, scale: float, seconds: float) -> bytes:
    child = subprocess.Popen([*COMMAND, image_format, str(scale)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True)
    try:
        image, errors = child.communicate(figure_json.encode("utf-8"), timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill_session(child)
        raise
    if child.returncode != 0:
        lines = errors.decode("utf-8", "replace").strip().splitlines()
        raise ImageFailed(lines[-1] if lines else f"the image process stopped with code {child.returncode}")
    return image


def _kill_session(child: subprocess.Popen) -> None:
    """The child and the Chromium it started share a session: end them all."""
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    child.communicate()


def _draw(figure_json: str, image_format: str, scale: float) -> bytes:
    import kaleido

    figure = json.loads(figure_json)
    layout = figure.get("layout", {})
    options = dict(format=image_format, width=layout.get("width") or 1200, height=layout.get("height") or 600,
                   scale=scale)
    # MathJax off: Kaleido would fetch it from a CDN (no network on a council server), and a "$" in a group's
    # name must stay a dollar sign.
    return kaleido.calc_fig_sync(figure, opts=options, kopts=dict(mathjax=False))


def main(argv: list[str]) -> int:
    image_format, scale = argv[0], float(argv[1])
    sys.stdout.buffer.write(_draw(sys.stdin.buffer.read().decode("utf-8"), image_format, scale))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
