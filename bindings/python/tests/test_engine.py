"""The engine handle: opening, closing, options, the manual clock, SQLite persistence."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import leadpool
from conftest import DAY, T0

BOSS = {"id": "boss", "name": "Wang", "roles": ["director"]}


def test_a_context_manager_closes_the_engine() -> None:
    with leadpool.Engine() as engine:
        assert not engine.closed
        assert engine.initialized is False
        assert engine.stage is None
    assert engine.closed
    assert "closed" in repr(engine)


def test_close_is_idempotent_and_a_closed_engine_refuses_calls() -> None:
    engine = leadpool.Engine("memory:", manual_clock_ms=T0)
    engine.initialize(BOSS, "factory_led")
    engine.close()
    engine.close()
    calls = {
        "stage_info": lambda: engine.stage_info(),
        "stage": lambda: engine.stage,
        "users": lambda: engine.users("boss"),
        "capture": lambda: engine.capture("boss", [("phone", "13800000001")], "web"),
        "iter_leads": lambda: engine.iter_leads("boss"),
        "funnel": lambda: engine.funnel("boss"),
        "maintain": lambda: engine.maintain("boss"),
        "set_time": lambda: engine.set_time(T0),
    }
    for name, call in calls.items():
        with pytest.raises(leadpool.EngineClosed, match="engine is closed") as info:
            call()
        assert info.value.status == leadpool.EngineClosed.code, name


def test_an_engine_that_is_garbage_closes_itself() -> None:
    engine = leadpool.Engine("memory:")
    finalizer = engine._finalizer
    assert finalizer.alive
    del engine
    gc.collect()
    assert not finalizer.alive


def test_classmethods_open_memory_and_sqlite(tmp_path: Path) -> None:
    with leadpool.Engine.memory() as engine:
        assert engine.stage_info() == {"initialized": False, "stage": None}
    with leadpool.Engine.sqlite(tmp_path / "leads.db", synchronous="normal", busy_timeout_ms=100) as engine:
        engine.initialize(BOSS, "sales_led")
        assert engine.stage == "sales_led"
    assert (tmp_path / "leads.db").exists()


def test_bad_options_and_uris_are_refused(tmp_path: Path) -> None:
    with pytest.raises(leadpool.InvalidArgument):
        leadpool.Engine("mysql://nowhere")
    with pytest.raises(leadpool.InvalidArgument):
        leadpool.Engine(None)  # type: ignore[arg-type]  # NULL uri
    with pytest.raises(leadpool.InvalidArgument):
        leadpool.Engine("sqlite:" + str(tmp_path / "a.db"), synchronous="sometimes")
    with pytest.raises(leadpool.InvalidArgument):
        leadpool.Engine("sqlite:" + str(tmp_path / "b.db"), busy_timeout_ms=-1)


def test_sqlite_keeps_everything_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "company.db"
    with leadpool.Engine.sqlite(path, manual_clock_ms=T0) as engine:
        engine.initialize(BOSS, "factory_led")
        engine.add_user("boss", id="ann", name="Ann", roles=["salesperson"])
        east = engine.create_pool("boss", "east", managers=["ann"])
        lead = engine.capture("boss", [("phone", "13800000001")], "web", attributes={"city": "Hangzhou"})["lead"]
        engine.distribute("boss", lead["id"], east["id"], "ann")
        engine.set_stage("boss", "sales_led")
        before = (engine.lead("boss", lead["id"]), engine.history("boss", lead["id"]), engine.pools("boss"),
                  engine.users("boss"), engine.org_history("boss"), engine.funnel("boss"))
    with leadpool.Engine.sqlite(path) as engine:
        assert engine.stage == "sales_led"
        after = (engine.lead("boss", lead["id"]), engine.history("boss", lead["id"]), engine.pools("boss"),
                 engine.users("boss"), engine.org_history("boss"), engine.funnel("boss"))
    assert after == before
    assert after[0]["attributes"] == {"city": "Hangzhou"}
    assert after[0]["owner"] == "ann"


def test_the_manual_clock_stamps_every_write() -> None:
    with leadpool.Engine("memory:", manual_clock_ms=T0) as engine:
        engine.initialize(BOSS, "factory_led")
        lead = engine.capture("boss", [("phone", "13800000001")], "web")["lead"]
        assert lead["created_at"] == lead["updated_at"] == T0
        engine.set_time(T0 + DAY)
        updated = engine.update_lead("boss", lead["id"], add_tags=["vip"])
        assert updated["created_at"] == T0
        assert updated["updated_at"] == T0 + DAY
        assert [row["at"] for row in engine.history("boss", lead["id"])] == [T0, T0 + DAY]
        assert engine.org_history("boss")[0]["at"] == T0


def test_set_time_needs_a_manual_clock() -> None:
    with leadpool.Engine("memory:") as engine:
        with pytest.raises(leadpool.InvalidArgument):
            engine.set_time(T0)


def test_an_engine_is_usable_from_several_threads() -> None:
    import threading

    with leadpool.Engine("memory:") as engine:
        engine.initialize(BOSS, "factory_led")
        failures: list = []

        def work(n: int) -> None:
            try:
                for i in range(20):
                    engine.capture("boss", [("phone", f"1390000{n:02d}{i:02d}")], "web")
                try:
                    engine.lead("boss", 10_000_000)
                except leadpool.NotFound as e:  # each thread gets its own last error
                    assert e.status == 2
            except Exception as e:  # pragma: no cover - reported below
                failures.append(e)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert failures == []
        assert engine.funnel("boss")["leads"] == 80
