"""Live preview of one report's HTML draft: ``make preview REPORT=strand3-full``.

Serves the report on localhost, watches what it is made from (its notebook,
params, data folder, the package and the house style) and, on each save,
asks make to bring the HTML up to date: make re-executes only if the
notebook, params or data changed, and otherwise only re-renders. The page
polls for a new version and reloads itself. When a rebuild fails the error
shows in the page (and the terminal) above the last good render. Ctrl-C
stops it cleanly.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from csrr.errors import CsrrError
from csrr.params import load_yaml, resolve_data_dir
from csrr.paths import EXTENSION_DIR, OUT_DIR, PARAMS_DIR, ROOT, relative
from csrr.reports import parse_report_name

POLL_MS = 1000
_RELOADER = """
<div id="csrr-preview-error" role="alert" hidden
 style="position:sticky;top:0;z-index:99;background:#FDECEA;border:3px solid #B00020;padding:.6rem 1rem;
 font-family:monospace;white-space:pre-wrap"></div>
<script>
(function () {
  var seen = null;
  function poll() {
    fetch('/__status', {cache: 'no-store'}).then(function (r) { return r.json(); }).then(function (s) {
      var box = document.getElementById('csrr-preview-error');
      if (s.error) { box.hidden = false; box.textContent = 'Preview: the last change did not build.\\n' + s.error; }
      else { box.hidden = true; }
      if (seen !== null && s.version !== seen && !s.error) { location.reload(); }
      seen = s.version;
    }).catch(function () {}).finally(function () { setTimeout(poll, POLL_MS); });
  }
  poll();
})();
</script>
""".replace("POLL_MS", str(POLL_MS))


class Preview:
    """State shared by the watcher and the web server."""

    def __init__(self, report: str, make: list[str]):
        try:
            self.nb, self.variant = parse_report_name(report)
        except KeyError:
            raise CsrrError(
                f"preview: unknown report '{report}' (for example strand3-full or final-report)"
            ) from None
        self.report = report
        self.make = make
        self.target = OUT_DIR / report / f"{report}.html"
        self.version = 0
        self.error = ""
        self.lock = threading.Lock()

    def watched(self) -> list[Path]:
        """What the report is made from (folders are watched recursively)."""
        common = load_yaml(PARAMS_DIR / "common.yml")
        data_dir = resolve_data_dir(common.get("data_dir", "data/demo"))
        paths = [
            self.nb.path,
            PARAMS_DIR,
            data_dir / self.nb.id,
            data_dir / "DATASET.yml",
            EXTENSION_DIR,
            ROOT / "src" / "csrr",
        ]
        return [p for p in paths if p.exists()]

    def rebuild(self) -> None:
        """Bring the HTML up to date through make; remember any error."""
        started = time.perf_counter()
        proc = subprocess.run(
            [*self.make, relative(self.target)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        with self.lock:
            if proc.returncode == 0:
                self.error = ""
                self.version += 1
                print(
                    f"preview: {self.report} up to date ({time.perf_counter() - started:.1f} s)",
                    flush=True,
                )
            else:
                lines = [
                    line
                    for line in (proc.stderr + proc.stdout).splitlines()
                    if line.startswith("error:")
                ]
                self.error = (
                    "\n".join(lines) or (proc.stderr.strip().splitlines() or ["build failed"])[-1]
                )
                self.version += 1
                print(
                    f"preview: build failed; the last good render stays in the page\n{self.error}",
                    flush=True,
                )

    def page(self) -> bytes:
        """The last good render with the reloader injected."""
        if not self.target.is_file():
            text = (
                f"<!DOCTYPE html><html lang='en-GB'><head><title>Preview</title></head><body><main>"
                f"<p>No render of {self.report} yet.</p></main>{_RELOADER}</body></html>"
            )
        else:
            text = self.target.read_text(encoding="utf-8").replace(
                "</body>", _RELOADER + "</body>", 1
            )
        return text.encode("utf-8")


def _handler(state: Preview):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path.startswith("/__status"):
                with state.lock:
                    body = json.dumps({"version": state.version, "error": state.error}).encode()
                kind = "application/json"
            elif self.path in ("/", "/index.html", f"/{state.report}.html"):
                body, kind = state.page(), "text/html; charset=utf-8"
            else:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # keep the terminal for build messages
            pass

    return Handler


def serve(report: str, port: int = 8000, make: list[str] | None = None) -> int:
    """Run the preview until Ctrl-C; return the exit status."""
    from watchfiles import watch

    state = Preview(report, make or ["make", "--no-print-directory"])
    state.rebuild()
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(
        f"preview: http://127.0.0.1:{server.server_address[1]}/ ({report}); watching "
        f"{', '.join(relative(p) for p in state.watched())}; Ctrl-C stops",
        flush=True,
    )
    stop = threading.Event()
    try:
        for changes in watch(
            *state.watched(),
            stop_event=stop,
            debounce=400,
            raise_interrupt=True,
            watch_filter=lambda _change, path: (
                "__pycache__" not in path and ".ipynb_checkpoints" not in path
            ),
        ):
            names = sorted({relative(Path(p)) for _, p in changes})
            print(
                f"preview: changed: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}",
                flush=True,
            )
            state.rebuild()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
    print("preview: stopped", flush=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(serve(sys.argv[1]))
