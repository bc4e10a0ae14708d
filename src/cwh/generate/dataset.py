"""Generate the whole demo dataset: the ten raw entity files and the ground truth.

Every step draws from its own random stream derived from the seed (numpy SeedSequence with a stream
number, and a chunk number for the per-person events), so the output depends only on the arguments:
the same arguments give byte-identical files. Orders and the other per-person events are generated
in fixed chunks of persons to bound memory.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from tqdm import tqdm

from cwh.generate.blacklist import make_blacklist
from cwh.generate.catalogue import Catalogue, make_catalogue
from cwh.generate.companies import make_companies
from cwh.generate.contract import ENTITIES
from cwh.generate.customers import CustomerRecords, RecordIndex, make_customer_records
from cwh.generate.defects import DEFECT_RATES, SEVERITY, DamageContext, apply_defects, plan_defects
from cwh.generate.engagement import make_interactions
from cwh.generate.feedback import PersonOrders, make_surveys, make_tickets
from cwh.generate.inquiries import make_inquiries
from cwh.generate.loyalty import make_memberships
from cwh.generate.orders import limit_buyers, make_orders, orphan_customer_ids, purchase_scale
from cwh.generate.people import People, epoch_seconds, make_people
from cwh.generate.truth import TRUTH_DIR, customer_truth, keyed_truth, write_truth
from cwh.generate.writer import FORMATS, DatasetWriter

CHUNK_PERSONS = 50_000
ORDERS_PER_PERSON = 10
MIN_PEOPLE = 10
GENERATOR_VERSION = 1
# Random stream numbers (changing one step's draws never shifts another step's).
PEOPLE, COMPANIES, RECORDS, CATALOGUE, EVENTS, MEMBERSHIPS, BLACKLIST, INQUIRIES, DEFECTS, BUYERS = range(
    1, 11
)
ORPHANS = 99  # sub-stream of DEFECTS for orphan customer ids


@dataclass(frozen=True)
class GenerateConfig:
    """Arguments of one generator run."""

    customers: int
    seed: int = 42
    orders: int | None = None
    start_date: date = date(2021, 1, 1)
    end_date: date = date(2026, 6, 30)
    file_format: str = "csv"
    defects: bool = True

    def validate(self) -> None:
        if self.customers < MIN_PEOPLE:
            raise ValueError(f"--customers must be at least {MIN_PEOPLE} (got {self.customers})")
        if self.orders is not None and self.orders < 0:
            raise ValueError(f"--orders must be positive (got {self.orders})")
        if self.end_date <= self.start_date:
            raise ValueError(f"--end-date {self.end_date} must be after --start-date {self.start_date}")
        if self.file_format not in FORMATS:
            raise ValueError(f"--format must be one of {', '.join(FORMATS)} (got {self.file_format!r})")

    @property
    def order_target(self) -> int:
        return ORDERS_PER_PERSON * self.customers if self.orders is None else self.orders

    @property
    def future_year(self) -> int:
        """First year used for future_date defects: 2031, or later when the window reaches near it."""
        return max(2031, self.end_date.year + 5)


@dataclass
class GenerateResult:
    """What a run wrote: row counts per entity, the output folder, and how long it took."""

    out_dir: Path
    rows: dict[str, int]
    seconds: float
    truth_dir: Path
    defects: int = 0
    files: list[str] = field(default_factory=list)


def generate_dataset(
    out_dir: str | Path,
    customers: int,
    seed: int = 42,
    *,
    orders: int | None = None,
    start_date: date = date(2021, 1, 1),
    end_date: date = date(2026, 6, 30),
    file_format: str = "csv",
    defects: bool = True,
    progress: bool = False,
) -> GenerateResult:
    """Write `<entity>.csv|parquet` for the ten raw entities and `_truth/` into `out_dir`.

    `customers` is the number of real people (source customer records are ~1.2 per person);
    `orders` the approximate total number of orders (default 10 per person)."""
    config = GenerateConfig(customers, seed, orders, start_date, end_date, file_format, defects)
    config.validate()
    return _Run(config, Path(out_dir), progress).execute()


def _rng(seed: int, *stream: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, *stream]))


class _Run:
    def __init__(self, config: GenerateConfig, out_dir: Path, progress: bool) -> None:
        self.config = config
        self.out_dir = out_dir
        self.progress = progress
        self.start_s = epoch_seconds(config.start_date)
        self.end_s = epoch_seconds(config.end_date) + 86_399
        self.truth: dict[str, pa.Table] = {}

    @contextmanager
    def _step(self, name: str, total: int = 1) -> Iterator[tqdm]:
        bar = tqdm(total=total, desc=f"{name:<16}", disable=not self.progress, leave=True, dynamic_ncols=True)
        try:
            yield bar
        finally:
            bar.close()

    def _plan_and_write(
        self,
        writer: DatasetWriter,
        entity: str,
        table: pa.Table,
        stream: tuple[int, ...],
        eligible: dict[str, np.ndarray] | None = None,
        context: DamageContext | None = None,
    ) -> np.ndarray:
        """Inject the entity's defects and write the table; returns the rows whose key was blanked."""
        rng = _rng(self.config.seed, DEFECTS, ENTITIES.index(entity), *stream)
        plan = plan_defects(rng, entity, table.num_rows, self.config.defects, eligible)
        damaged, codes = apply_defects(
            rng, entity, table, plan, context or DamageContext(self.config.future_year)
        )
        writer.write(entity, damaged, codes)
        return plan.rows("missing_key")

    def execute(self) -> GenerateResult:
        started = time.perf_counter()
        config = self.config
        with DatasetWriter(self.out_dir, config.file_format) as writer:
            with self._step("people") as bar:
                companies = make_companies(_rng(config.seed, COMPANIES), max(50, config.customers // 20))
                people = make_people(
                    _rng(config.seed, PEOPLE), config.customers, config.start_date, config.end_date, companies
                )
                bar.update()
            with self._step("customers") as bar:
                records, keyless = self._customers(writer, people)
                index = RecordIndex.build(records, people.count, keyless)
                bar.update()
            with self._step("products") as bar:
                catalogue = make_catalogue(_rng(config.seed, CATALOGUE))
                writer.write("products", catalogue.table)
                bar.update()
            self._events(writer, people, records, index, catalogue)
            with self._step("memberships") as bar:
                memberships = make_memberships(
                    _rng(config.seed, MEMBERSHIPS), people, records, keyless, self.end_s
                )
                self._plan_and_write(writer, "memberships", memberships, ())
                bar.update()
            with self._step("blacklist") as bar:
                blacklist = make_blacklist(_rng(config.seed, BLACKLIST), people, self.start_s, self.end_s)
                writer.write("blacklist", blacklist.table)
                self.truth["blacklist_truth.csv"] = pa.table(
                    {
                        "blacklist_id": blacklist.table.column("blacklist_id"),
                        "person_id": _person_or_null(people, blacklist.person),
                    }
                )
                bar.update()
            with self._step("inquiries") as bar:
                inquiries = make_inquiries(
                    _rng(config.seed, INQUIRIES),
                    people,
                    records,
                    keyless,
                    catalogue,
                    companies,
                    blacklist,
                    self.start_s,
                    self.end_s,
                )
                blanked = self._plan_and_write(writer, "inquiries", inquiries.table, ())
                dropped = inquiries.table.column("inquiry_id").take(pa.array(blanked))
                self.truth["inquiry_truth.csv"] = keyed_truth(
                    inquiries.truth, "inquiry_id", dropped.combine_chunks()
                )
                bar.update()
        with self._step("truth") as bar:
            defects = writer.defects_table()
            self.truth["defects.csv"] = defects
            rows = dict(writer.rows)
            truth_dir = write_truth(self.out_dir, self._ordered_truth(), self._params(rows, defects))
            bar.update()
        files = [writer.file_name(e) for e in ENTITIES]
        return GenerateResult(
            self.out_dir, rows, time.perf_counter() - started, truth_dir, defects.num_rows, files
        )

    def _customers(self, writer: DatasetWriter, people: People) -> tuple[CustomerRecords, np.ndarray]:
        config = self.config
        records = make_customer_records(
            _rng(config.seed, RECORDS), people, config.start_date, config.end_date
        )
        table = records.table
        eligible = {
            "invalid_email": pc.is_valid(table.column("email")).to_numpy(),
            "invalid_phone": pc.is_valid(table.column("phone")).to_numpy(),
            "unparseable_birth_date": pc.is_valid(table.column("birth_date")).to_numpy(),
        }
        blanked = self._plan_and_write(writer, "customers", table, (), eligible)
        keyless = np.zeros(table.num_rows, dtype=bool)
        keyless[blanked] = True
        self.truth["customer_truth.csv"] = customer_truth(
            table.column("source_system").combine_chunks(),
            records.source_id,
            people.person_ids(records.person),
            keyless,
        )
        return records, keyless

    def _events(
        self,
        writer: DatasetWriter,
        people: People,
        records: CustomerRecords,
        index: RecordIndex,
        catalogue: Catalogue,
    ) -> None:
        """Orders, order lines, interactions, tickets and surveys, chunk by chunk of persons."""
        config = self.config
        limit_buyers(_rng(config.seed, BUYERS), people, config.order_target)
        scale = purchase_scale(people, self.end_s, config.order_target)
        order_numbers = np.ones(3, dtype=np.int64)
        interaction_number, ticket_number, survey_number = [1], [1], [1]
        chunks = range(0, people.count, CHUNK_PERSONS)
        with self._step("orders & events", total=len(chunks)) as bar:
            for chunk, first in enumerate(chunks):
                persons = np.arange(first, min(first + CHUNK_PERSONS, people.count))
                rng = _rng(config.seed, EVENTS, chunk)
                batch = make_orders(
                    rng, people, persons, records, index, catalogue, scale, self.end_s, order_numbers
                )
                orphan_rng = _rng(config.seed, DEFECTS, ORPHANS, chunk)
                context = DamageContext(
                    config.future_year,
                    orphan_ids=lambda rows, b=batch, r=orphan_rng: orphan_customer_ids(
                        r, records, b.system[rows]
                    ),
                )
                self._plan_and_write(
                    writer,
                    "orders",
                    batch.table,
                    (chunk,),
                    {"negative_amount": batch.amount_cents > 0},
                    context,
                )
                self._plan_and_write(writer, "order_items", batch.items, (chunk,))
                interactions = make_interactions(
                    rng, people, persons, records, index, self.start_s, self.end_s, interaction_number
                )
                self._plan_and_write(writer, "interactions", interactions, (chunk,))
                linked = PersonOrders(batch, persons)
                tickets, per_person = make_tickets(
                    rng, people, persons, records, index, linked, self.start_s, self.end_s, ticket_number
                )
                self._plan_and_write(writer, "tickets", tickets, (chunk,))
                surveys = make_surveys(
                    rng,
                    people,
                    persons,
                    records,
                    index,
                    linked,
                    per_person,
                    self.start_s,
                    self.end_s,
                    survey_number,
                )
                self._plan_and_write(writer, "surveys", surveys, (chunk,))
                bar.update()

    def _ordered_truth(self) -> dict[str, pa.Table]:
        names = ("customer_truth.csv", "defects.csv", "inquiry_truth.csv", "blacklist_truth.csv")
        return {name: self.truth[name] for name in names}

    def _params(self, rows: dict[str, int], defects: pa.Table) -> dict[str, Any]:
        arguments = asdict(self.config)
        arguments["start_date"] = self.config.start_date.isoformat()
        arguments["end_date"] = self.config.end_date.isoformat()
        counts = defects.group_by(["entity", "defect_code"]).aggregate([("source_row", "count")]).to_pylist()
        return {
            "generator": "cwh.generate",
            "version": GENERATOR_VERSION,
            "arguments": arguments,
            "seed": self.config.seed,
            "order_target": self.config.order_target,
            "chunk_persons": CHUNK_PERSONS,
            "future_year": self.config.future_year,
            "defect_rates": [
                {
                    "entity": r.entity,
                    "code": r.code,
                    "severity": SEVERITY[r.code],
                    "rate": r.rate if self.config.defects else 0.0,
                }
                for r in DEFECT_RATES
            ],
            "rows": rows,
            "defects_injected": sorted(
                (
                    {"entity": c["entity"], "code": c["defect_code"], "rows": c["source_row_count"]}
                    for c in counts
                ),
                key=lambda c: (ENTITIES.index(c["entity"]), c["code"]),
            ),
            "truth_dir": TRUTH_DIR,
        }


def _person_or_null(people: People, person: np.ndarray) -> pa.Array:
    ids = people.person_ids(np.maximum(person, 0))
    return pc.if_else(pa.array(person >= 0), ids, pa.scalar(None, pa.string()))
