"""``jxc worker`` and ``jxc job list|run|set``: the scheduled jobs, or any of them once."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from openjxc.domain.access.actor import Actor
from openjxc.domain.jobs.schedule import RunStatus, Schedule
from openjxc.domain.shared import clock
from openjxc.entrypoints.cli import context
from openjxc.entrypoints.jobs import registry
from openjxc.entrypoints.jobs.worker import Worker, check_cron, worker_name
from openjxc.queries.jobs import list_jobs
from openjxc.services import jobs as service

job_app = typer.Typer(
    help="Scheduled jobs: list, run one now, set a schedule.", no_args_is_help=True
)

#: ``jxc job run`` found the job running in another worker
EXIT_HELD = 3


def worker() -> None:
    """Run the scheduled jobs until stopped (SIGTERM/SIGINT finish the running job first)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    system = context.system(context.settings())
    try:
        Worker(system).run_until_signalled()
    finally:
        system.close()


@job_app.command("list")
def job_list() -> None:
    """Every job with its schedule and its latest run."""
    system = context.system(context.settings())
    try:
        registry.ensure_jobs(system)
        with system.read_sessions() as session:
            rows = list_jobs(session, Actor.system(), clock.now())
    finally:
        system.close()
    for row in rows:
        spec = registry.JOBS.get(row.name)
        plan = Schedule(row.cron, row.interval_seconds).describe()
        state = "on" if row.enabled else "off"
        last = (
            f"{row.last_status} {row.last_started_at:%Y-%m-%d %H:%M}"
            if row.last_started_at
            else "never run"
        )
        title = f"{spec.zh} / {spec.en}" if spec else ""
        typer.echo(f"{row.name:<26} {state:<4} {plan:<22} {last:<28} {title}")


@job_app.command("run")
def job_run(name: str) -> None:
    """Run one job now (for cron); waits for nothing: if a worker is running it, exit 3."""
    system = context.system(context.settings())
    try:
        registry.ensure_jobs(system)
        outcome = registry.run(system, name, worker_name())
    finally:
        system.close()
    if outcome.run_id is None:
        typer.echo(f"任务 {name} 正在其他进程运行 / job {name} is running elsewhere", err=True)
        raise typer.Exit(EXIT_HELD)
    if outcome.status is RunStatus.FAILED:
        typer.echo(f"任务 {name} 失败 / job {name} failed (run {outcome.run_id}):", err=True)
        typer.echo(outcome.error or "", err=True)
        raise typer.Exit(1)
    typer.echo(f"任务 {name} 完成 / job {name} done (run {outcome.run_id}): {outcome.result}")


@job_app.command("set")
def job_set(
    name: str,
    cron: Annotated[str | None, typer.Option(help="crontab line, server time: '0 8 * * *'")] = None,
    every: Annotated[int | None, typer.Option(help="or an interval in seconds (60+)")] = None,
    enable: Annotated[bool | None, typer.Option("--enable/--disable")] = None,
) -> None:
    """Change a job's schedule or switch it on or off (a running worker follows within a minute)."""
    schedule = None if cron is None and every is None else Schedule(cron, every)
    if cron is not None:
        check_cron(cron)
    system = context.system(context.settings())
    try:
        registry.ensure_jobs(system)
        job = service.set_job(name, Actor.system(), system.uow(), schedule=schedule, enabled=enable)
    finally:
        system.close()
    state = "on" if job.enabled else "off"
    typer.echo(f"任务 {name}: {job.schedule.describe()}, {state}")
