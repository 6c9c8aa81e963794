"""Command line: ``python -m csrr <command>`` (the Makefile's only entry point).

Every command prints one line per unit of work and, on a problem the user
can fix, one line naming it, then exits with status 1 (no traceback).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from csrr.errors import CsrrError


def _cmd_params(args: argparse.Namespace) -> int:
    from csrr.params import load_params
    from csrr.reports import existing

    for nb in existing():
        load_params(nb.params_file, data_dir=args.data)
    print(f"params: {len(existing())} report parameter sets are valid")
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from csrr.execute import notebook_by_id, run

    run(notebook_by_id(args.notebook), data_dir=args.data)
    return 0


def _cmd_fingerprint(args: argparse.Namespace) -> int:
    from csrr.execute import notebook_by_id, write_fingerprint

    write_fingerprint(notebook_by_id(args.notebook))
    return 0


def _cmd_splice(args: argparse.Namespace) -> int:
    from csrr.execute import notebook_by_id, splice
    from csrr.paths import relative

    print(f"spliced prose into {relative(splice(notebook_by_id(args.notebook)))}")
    return 0


def _cmd_render(args: argparse.Namespace) -> int:
    from csrr.render.engine import render

    started = time.perf_counter()
    profiles = [p.strip() for p in (args.profile or "").split(",") if p.strip()]
    out = render(
        Path(args.notebook), args.to, Path(args.out), engine=args.engine, profiles=profiles
    )
    from csrr.paths import relative

    print(f"rendered {relative(out)} in {time.perf_counter() - started:.2f} s")
    return 0


def _cmd_words(args: argparse.Namespace) -> int:
    from csrr.words import main

    return main()


def _cmd_style(args: argparse.Namespace) -> int:
    import subprocess

    from csrr.paths import EXTENSION_DIR, relative
    from csrr.render.docx import build_reference
    from csrr.render.engine import pandoc_path

    default = subprocess.run(
        [str(pandoc_path()), "--print-default-data-file", "reference.docx"],
        capture_output=True,
        check=True,
    ).stdout
    target = Path(args.out) if args.out else EXTENSION_DIR / "reference.docx"
    target.write_bytes(build_reference(default))
    print(f"wrote {relative(target)}")
    return 0


def _cmd_kernel(args: argparse.Namespace) -> int:
    import json

    from ipykernel.kernelspec import install

    # Installed inside the virtual environment, never in the user's home.
    path = (
        Path(install(kernel_name="csrr", display_name="Python (csrr)", prefix=sys.prefix))
        / "kernel.json"
    )
    spec = json.loads(path.read_text(encoding="utf-8"))
    # ipykernel warns on every start that its TCP link is unencrypted; the
    # kernel only listens on localhost for the one notebook, so keep the
    # build output to one line per notebook.
    if "--IPKernelApp.log_level=ERROR" not in spec["argv"]:
        spec["argv"].insert(spec["argv"].index("-f"), "--IPKernelApp.log_level=ERROR")
    path.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    print(f"registered Jupyter kernel 'csrr' in {path.parent}")
    return 0


def _cmd_demo_data(args: argparse.Namespace) -> int:
    import importlib

    from csrr.params import write_demo_hashes
    from csrr.paths import DEMO_DATA_DIR, relative
    from csrr.reports import STRANDS

    root = Path(args.out) if args.out else DEMO_DATA_DIR
    for strand in args.strand or STRANDS:
        try:
            module = importlib.import_module(f"csrr.{strand}.demo")
        except ModuleNotFoundError:
            continue
        written = module.generate(root / strand)
        print(f"demo data: {strand}: wrote {len(written)} files in {relative(root / strand)}")
    print(f"demo data: hashes of every file in {relative(write_demo_hashes(root))}")
    return 0


def _cmd_site(args: argparse.Namespace) -> int:
    from csrr.publish import build_site

    build_site(baseline=Path(args.baseline) if args.baseline else None)
    return 0


def _cmd_final_guard(args: argparse.Namespace) -> int:
    from csrr.params import load_manifest, load_yaml, resolve_data_dir
    from csrr.paths import PARAMS_DIR, relative

    common = load_yaml(PARAMS_DIR / "common.yml")
    data_dir = resolve_data_dir(args.data or common["data_dir"])
    status = load_manifest(data_dir)["status"]
    if status == "synthetic" and not args.allow_synthetic:
        raise CsrrError(
            f"make final: {relative(data_dir)} holds synthetic data (its DATASET.yml says so); final reports "
            "are for real data. To build them anyway (the banner stays): make final ALLOW_SYNTHETIC=1"
        )
    publication = common.get("publication", {})
    missing = [key for key in ("isbn", "publication_number") if not publication.get(key)]
    if missing and status == "real":
        raise CsrrError(
            f"make final: params/common.yml: publication: {' and '.join(missing)} empty; "
            "a publication needs them (drafts may leave them empty)"
        )
    print(f"final: building from {relative(data_dir)} ({status} data)")
    return 0


def _cmd_publish(args: argparse.Namespace) -> int:
    from csrr.publish import build_publication

    build_publication(Path(args.out_dir))
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from csrr import gates

    problems = gates.run(Path(args.site), args.gate)
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"check: {len(problems)} problem{'s' if len(problems) > 1 else ''}: not ready to publish",
            file=sys.stderr,
        )
        return 1
    print("check: every gate passed")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from csrr.inputs import main as validate_main

    return validate_main(args.data)


def _cmd_preview(args: argparse.Namespace) -> int:
    from csrr.preview import serve

    # This interpreter and its install stamp, so make never rebuilds the venv under a preview.
    make = [
        "make",
        "--no-print-directory",
        f"PY={sys.executable}",
        f"STAMP={Path(sys.prefix) / '.installed'}",
    ]
    if args.data:
        make.append(f"DATA={args.data}")
    return serve(args.report, port=args.port, make=make)


def _cmd_bench(args: argparse.Namespace) -> int:
    from csrr.bench import main as bench_main

    return bench_main(with_peer=not args.no_peer, with_scale=not args.no_scale)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and ``--help``)."""
    parser = argparse.ArgumentParser(prog="python -m csrr", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("params", help="check every report's parameters against the schemas")
    p.add_argument("--data", help="data folder overriding params/common.yml")
    p.set_defaults(func=_cmd_params)

    p = sub.add_parser("run", help="execute a notebook once with papermill")
    p.add_argument("notebook", help="notebook id: strand1 ... strand5 or synthesis")
    p.add_argument("--data", help="data folder overriding params/common.yml")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser(
        "fingerprint", help="record what execution depends on in a notebook (for make)"
    )
    p.add_argument("notebook", help="notebook id")
    p.set_defaults(func=_cmd_fingerprint)

    p = sub.add_parser(
        "splice", help="put a notebook's current prose into its executed copy (no kernel)"
    )
    p.add_argument("notebook", help="notebook id")
    p.set_defaults(func=_cmd_splice)

    p = sub.add_parser("render", help="render an executed notebook to HTML, PDF or Word")
    p.add_argument("notebook", help="executed notebook, such as build/strand3/strand3.ipynb")
    p.add_argument("--to", required=True, choices=["html", "pdf", "docx"])
    p.add_argument("--out", required=True, help="output file")
    p.add_argument(
        "--engine",
        default="pandoc",
        choices=["auto", "pandoc", "quarto"],
        help="pandoc = built-in (default); auto = quarto when on PATH",
    )
    p.add_argument(
        "--profile",
        help="Quarto profiles, comma-separated as for quarto: summary, final, final,summary",
    )
    p.set_defaults(func=_cmd_render)

    p = sub.add_parser("demo-data", help="regenerate the synthetic demo data (deterministic)")
    p.add_argument("--out", help="folder to write to instead of data/demo")
    p.add_argument("--strand", action="append", help="only this strand (repeatable)")
    p.set_defaults(func=_cmd_demo_data)

    p = sub.add_parser("site", help="assemble the review site _site/ from the built documents")
    p.add_argument("--baseline", help="previous site or _publish folder to compare findings with")
    p.set_defaults(func=_cmd_site)

    p = sub.add_parser("final-guard", help="refuse a final build on synthetic data unless allowed")
    p.add_argument("--data", help="data folder overriding params/common.yml")
    p.add_argument(
        "--allow-synthetic",
        action="store_true",
        help="build final reports from synthetic data anyway",
    )
    p.set_defaults(func=_cmd_final_guard)

    p = sub.add_parser("publish", help="assemble _publish/ from final-profile documents")
    p.add_argument("--out-dir", default="build/final", help="folder of final-profile documents")
    p.set_defaults(func=_cmd_publish)

    p = sub.add_parser("check", help="run the publication gates over the review site")
    p.add_argument("--site", default="_site", help="site folder to check")
    p.add_argument(
        "--gate",
        action="append",
        help="run only this gate (repeatable): documents, browser, word, strands, reproducible",
    )
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser(
        "validate", help="check every input file in one pass, reporting all problems"
    )
    p.add_argument("--data", help="data folder overriding params/common.yml")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("preview", help="serve a report's HTML draft, rebuilding it on every save")
    p.add_argument("report", help="report name, such as strand3-full or final-report")
    p.add_argument("--port", type=int, default=8000, help="port on localhost (0 picks a free one)")
    p.add_argument("--data", help="data folder overriding params/common.yml")
    p.set_defaults(func=_cmd_preview)

    p = sub.add_parser(
        "bench", help="benchmark the build in a throwaway copy; writes build/bench.json"
    )
    p.add_argument("--no-peer", action="store_true", help="skip the nbconvert + pandoc peer")
    p.add_argument("--no-scale", action="store_true", help="skip the scale runs")
    p.set_defaults(func=_cmd_bench)

    p = sub.add_parser(
        "words", help="print the share of each report's words written in Markdown cells"
    )
    p.set_defaults(func=_cmd_words)

    p = sub.add_parser("kernel", help="register the csrr Jupyter kernel inside .venv")
    p.set_defaults(func=_cmd_kernel)

    p = sub.add_parser(
        "style", help="rebuild _extensions/csrr/reference.docx from pandoc's default"
    )
    p.add_argument("--out", help="write somewhere else (tests)")
    p.set_defaults(func=_cmd_style)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CsrrError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: outputs of the last good build are untouched", file=sys.stderr)
        return 130
