"""`nav-placement`: one entry point for every step of the warehouse.

    nav-placement demo       write the synthetic demo deliveries into data/landing/
    nav-placement ingest     check and load every delivery in data/landing/ into raw tables
    nav-placement build      dbt build (staging, marts, tests) on data/warehouse/build.duckdb
    nav-placement analyze    Python analysis steps on the marts, then their dbt tests
    nav-placement publish    replace data/warehouse/serving.duckdb atomically (only after a passing build)
    nav-placement run        all of the above in order (what `make build` runs)
    nav-placement summary    what the warehouse holds and how well it reproduces the report
    nav-placement app        the Streamlit review app on the serving copy
    nav-placement dbt ARGS   any dbt command against this warehouse (e.g. `dbt docs generate`)
    nav-placement benchmark  exit and transition models at national scale (--persons 100000 1000000)
    nav-placement sample-followup  draw the next follow-up survey's frame from the register exits

Every failure ends with a non-zero exit and one line saying why.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from nav_placement import paths as paths_module
from nav_placement.dbt_runner import DbtFailed, dbt_env, dbt_executable, run_dbt
from nav_placement.paths import PROJECT_ROOT, TELEMETRY_OFF, Paths
from nav_placement.publish import (
    PublishRefused, clear_build_stages, publish, record_stage_passed, stage_passed,
)


class StepFailed(RuntimeError):
    """A step failed for a reason the user can act on; the message is the one-line cause."""


def say(message: str) -> None:
    print(message, flush=True)


def step(title: str):
    """Print a step header and, when it ends, how long it took."""

    class Step:
        def __enter__(self):
            self.start = time.monotonic()
            say(f"==> {title}")
            return self

        def __exit__(self, exc_type, exc, tb):
            if exc_type is None:
                say(f"    done in {time.monotonic() - self.start:.1f}s")
            return False

    return Step()


def cmd_demo(paths: Paths, args) -> None:
    from functools import partial

    from nav_placement.demo.followup import write_followup_deliveries
    from nav_placement.demo.offices import write_office_deliveries
    from nav_placement.demo.registers import DEFAULT_PERSONS, write_register_deliveries
    from nav_placement.demo.users import write_user_survey_deliveries

    persons = args.persons if args.persons is not None else DEFAULT_PERSONS
    with step("demo: writing synthetic deliveries (office survey, current-user survey, "
              f"registers for {persons:,} persons plus the follow-up survey's, follow-up survey)"):
        writers = (write_office_deliveries, write_user_survey_deliveries,
                   partial(write_register_deliveries, persons=persons), write_followup_deliveries)
        for writer in writers:
            for file in writer(paths.landing, seed=args.seed):
                say(f"    wrote {file.relative_to(paths.landing)}")


def cmd_ingest(paths: Paths, args) -> None:
    from nav_placement.ingest import DeliveryRejected, LoadFailed, ingest_landing

    clear_build_stages(paths)
    with step(f"ingest: deliveries in {paths.landing}"):
        try:
            ingest_landing(paths, progress=lambda m: say(f"    {m}"), strict=True)
        except DeliveryRejected as rejected:
            raise StepFailed(f"delivery rejected: {rejected}") from rejected
        except LoadFailed as failed:  # not the delivery's fault: it stays in landing for the next run
            raise StepFailed(str(failed)) from failed


def cmd_build(paths: Paths, args) -> None:
    clear_build_stages(paths)
    with step("build: dbt build (seeds, staging, marts, tests)"):
        if not paths.build_db.exists():
            raise StepFailed(f"no warehouse at {paths.build_db}: run `nav-placement ingest` first")
        run_dbt(paths, ["build", "--exclude", "tag:analysis"], progress=say)
    record_stage_passed(paths, "dbt_build")


def cmd_analyze(paths: Paths, args) -> None:
    from nav_placement.analysis import (
        followup_models, followup_outcomes, office_correlations, office_intervals, status_group_indicators,
    )

    clear_build_stages(paths, "analysis")
    if not stage_passed(paths, "dbt_build"):
        raise StepFailed("the last dbt build did not pass: run `nav-placement build` first")
    with step("analyze: office size correlations (Part 1)"):
        office_correlations.run(paths, progress=say)
    with step("analyze: office item means and shares with intervals, finite population correction (Part 1)"):
        office_intervals.run(paths, progress=say)
    with step("analyze: weighted status-group indicators with standard errors (Part 2)"):
        status_group_indicators.run(paths, progress=say)
    with step("analyze: follow-up survey weights and weighted outcomes with intervals (Part 3)"):
        followup_outcomes.run(paths, progress=say)
    with step("analyze: the report's logistic models, survey-weighted with linearised standard errors (Part 3)"):
        followup_models.run(paths, progress=say)
    with step("analyze: dbt models and tests of the analysis tables"):
        run_dbt(paths, ["build", "--select", "tag:analysis"], progress=say)
    record_stage_passed(paths, "analysis")


def cmd_publish(paths: Paths, args) -> None:
    with step("publish: serving copy"):
        try:
            publish(paths, progress=lambda m: say(f"    {m}"))
        except PublishRefused as refused:
            raise StepFailed(str(refused)) from refused


def cmd_summary(paths: Paths, args) -> None:
    from nav_placement.summary import print_summary

    print_summary(paths, say)


def summary_after_publish(paths: Paths, args) -> None:
    """The summary only reports: once a copy is published, a summary failure must not turn the
    run's exit code into 'not published'."""
    try:
        cmd_summary(paths, args)
    except Exception as error:  # noqa: BLE001 - reported, not raised, on purpose
        say(f"(summary not available: {type(error).__name__}: {error})")


def cmd_run(paths: Paths, args) -> None:
    if not args.no_demo:
        cmd_demo(paths, args)
    cmd_ingest(paths, args)
    cmd_build(paths, args)
    cmd_analyze(paths, args)
    cmd_publish(paths, args)
    summary_after_publish(paths, args)


def cmd_app(paths: Paths, args) -> None:
    if not paths.serving_db.exists():
        raise StepFailed(f"no serving copy at {paths.serving_db}: run `make build` first")
    env = dict(os.environ, NAV_SERVING_DB=str(paths.serving_db), **TELEMETRY_OFF)
    command = [
        sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "streamlit_app" / "Home.py"),
        "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.port", str(args.port),
    ]
    raise SystemExit(subprocess.call(command, env=env, cwd=PROJECT_ROOT))


def cmd_sample_followup(paths: Paths, args) -> None:
    from nav_placement import sampling

    if args.build_db is None:
        args.build_db = str(paths.build_db)
    with step(f"sample-followup: drawing the frame from the {args.exit_year} exits"):
        if sampling.run_from_args(args) != 0:
            raise StepFailed("no frame written (the reason is printed above)")


def cmd_dbt(paths: Paths, args) -> None:
    clear_build_stages(paths)  # a hand-run dbt command may change the build: publish needs a full run again
    command = [dbt_executable(), *args.dbt_args, "--project-dir", str(PROJECT_ROOT), "--profiles-dir", str(PROJECT_ROOT)]
    raise SystemExit(subprocess.call(command, env=dbt_env(paths), cwd=PROJECT_ROOT))


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="nav-placement", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = top.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="write the synthetic demo deliveries")
    demo.add_argument("--seed", type=int, default=2014, help="random seed (same seed, same files)")
    demo.add_argument("--persons", type=int, default=None,
                      help="persons in the register extracts besides the follow-up survey's (default: a small demo)")
    sub.add_parser("ingest", help="check and load deliveries from the landing folder")
    sub.add_parser("build", help="dbt build")
    sub.add_parser("analyze", help="Python analysis steps and their tests")
    sub.add_parser("publish", help="publish the serving copy")
    sub.add_parser("summary", help="what the warehouse holds and how well it reproduces the report")
    run = sub.add_parser("run", help="demo, ingest, build, analyze, publish")
    run.add_argument("--seed", type=int, default=2014, help="demo random seed")
    run.add_argument("--persons", type=int, default=None, help="demo register persons (see `demo --persons`)")
    run.add_argument("--no-demo", action="store_true", help="load only the real deliveries already in the landing folder")
    app = sub.add_parser("app", help="start the Streamlit app on the serving copy")
    app.add_argument("--port", type=int, default=8501)
    sub.add_parser("benchmark", help="time the register exit models for N persons (own temporary warehouse; "
                                     "`nav-placement benchmark --help` for its options)", add_help=False)
    from nav_placement import sampling

    sampling.build_parser(sub.add_parser(
        "sample-followup", help="draw a stratified sample of a year's exits as the next follow-up frame"))
    dbt = sub.add_parser("dbt", help="run any dbt command against this warehouse")
    dbt.add_argument("dbt_args", nargs=argparse.REMAINDER)
    return top


COMMANDS = {
    "demo": cmd_demo, "ingest": cmd_ingest, "build": cmd_build, "analyze": cmd_analyze,
    "publish": cmd_publish, "summary": cmd_summary, "run": cmd_run, "app": cmd_app, "dbt": cmd_dbt,
    "sample-followup": cmd_sample_followup,
}


def main(argv: list[str] | None = None) -> int:
    os.environ.update(TELEMETRY_OFF)
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["benchmark"]:  # its own options, parsed by the benchmark itself
        from nav_placement import benchmark

        return benchmark.main(argv[1:])
    args = parser().parse_args(argv)
    paths = paths_module.current()
    try:
        COMMANDS[args.command](paths, args)
    except (StepFailed, DbtFailed) as failure:
        say(f"nav-placement {args.command}: FAILED: {failure}")
        return 1
    except Exception as error:  # one line for the user; the traceback is for developers
        say(f"nav-placement {args.command}: FAILED: {type(error).__name__}: {error}")
        if os.environ.get("NAV_DEBUG"):
            raise
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
