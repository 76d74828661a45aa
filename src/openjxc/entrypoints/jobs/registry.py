"""Every job the worker knows: its default schedule and settings, and its body.

A body observes with the read side (``queries.alert_watch``, on a read session) and decides
and writes with one service call (``services.alerts.record_alerts``); ``services.jobs.run_job``
runs it under the job's lease and logs the run. Adding a job is one ``JobSpec`` here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from openjxc.bootstrap import System
from openjxc.domain.alerts.rules import Observation, Rule
from openjxc.domain.jobs.schedule import Job, Schedule
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import NotFound
from openjxc.queries import alert_watch
from openjxc.services import alerts
from openjxc.services import jobs as service

Body = Callable[[System, Mapping[str, object]], str]


@dataclass(frozen=True)
class JobSpec:
    job: Job  # as first stored: the default schedule and settings
    zh: str
    en: str
    body: Body


def _int(params: Mapping[str, object], key: str, default: int) -> int:
    value = params.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"job setting {key} must be a whole number, not {value!r}")
    return int(value)


def _record(system: System, observed: Mapping[Rule, Sequence[Observation]]) -> str:
    fired = alerts.record_alerts(observed, system.uow())
    return "; ".join(
        f"{rule.value}: {len(observed[rule])} now, {fired[rule]} fired" for rule in observed
    )


def _alert_check(system: System, params: Mapping[str, object]) -> str:
    days = _int(params, "expiry_days", alert_watch.EXPIRY_DAYS)
    today = clock.today()
    with system.read_sessions() as session:
        observed = {
            **alert_watch.stock_levels(session),
            Rule.BATCH_EXPIRING: alert_watch.expiring_batches(session, today, days),
        }
    return _record(system, observed)


def _overdue_purchase_orders(system: System, params: Mapping[str, object]) -> str:
    with system.read_sessions() as session:
        observed = alert_watch.overdue_purchase_orders(session, clock.today())
    return _record(system, {Rule.PURCHASE_ORDER_OVERDUE: observed})


def _overdue_receivables(system: System, params: Mapping[str, object]) -> str:
    days = _int(params, "days", 0)
    with system.read_sessions() as session:
        observed = alert_watch.overdue_receivables(session, clock.today(), days)
    return _record(system, {Rule.RECEIVABLE_OVERDUE: observed})


SPECS: tuple[JobSpec, ...] = (
    JobSpec(
        Job(
            "alert_check",
            Schedule(interval_seconds=600),
            params={"expiry_days": alert_watch.EXPIRY_DAYS},
        ),
        "库存预警：低于安全库存、高于最高库存、批次临期",
        "Stock alerts: below safety stock, above maximum, batches expiring",
        _alert_check,
    ),
    JobSpec(
        Job("overdue_purchase_orders", Schedule(interval_seconds=3600), params={}),
        "采购订单逾期未到货",
        "Purchase orders past their expected date",
        _overdue_purchase_orders,
    ),
    JobSpec(
        Job("overdue_receivables", Schedule(interval_seconds=3600), params={"days": 0}),
        "应收款逾期",
        "Receivables overdue",
        _overdue_receivables,
    ),
)
JOBS: dict[str, JobSpec] = {spec.job.name: spec for spec in SPECS}


def ensure_jobs(system: System) -> list[str]:
    """Store the jobs the database lacks (a new database, or a job new in this version)."""
    return service.ensure_jobs([spec.job for spec in SPECS], system.uow())


def run(system: System, name: str, owner: str) -> service.RunOutcome:
    """Run the job once now, unless another worker holds it (``run_id`` is then None)."""
    spec = JOBS.get(name)
    if spec is None:
        raise NotFound("job", name)
    return service.run_job(name, lambda params: spec.body(system, params), owner, system.uow)
