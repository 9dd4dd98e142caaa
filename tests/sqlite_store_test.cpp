// What only the SQLite store promises: the file keeps everything, and readers never wait.
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;

TEST_CASE("reopening the SQLite file gives back everything") {
    Company<SqliteStoreFactory> c;
    Engine& e = *c.engine;
    const LeadId id = c.capture("1", "web");
    e.transition("boss", move(id, Action::distribute, c.east, "ann"));
    e.update_lead("boss", id, LeadUpdate{R"({"note": "called"})", {"hot"}, {}, 0});
    e.set_stage("boss", OrgStage::sales_led);
    const std::string before = observable_state(e, "boss");
    const std::size_t events = e.org_history("boss").size();

    c.reopen();
    CHECK(observable_state(*c.engine, "boss") == before);
    CHECK(c.engine->org_history("boss").size() == events);
    CHECK(c.engine->stage() == OrgStage::sales_led);
    // Ids keep counting up after reopening.
    CHECK(c.capture("2") > id);
}

TEST_CASE("the SQLite file is in WAL mode with a schema version") {
    TempDatabase file;
    open_sqlite_store(file.path());
    SQLite::Database db(file.path());
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(sqlite_schema_version() >= 1);
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == sqlite_schema_version());
    CHECK(db.execAndGet("SELECT max(version) FROM schema_migrations").getInt() == sqlite_schema_version());
    CHECK(db.execAndGet("SELECT count(*) FROM schema_migrations").getInt() == sqlite_schema_version());
}

TEST_CASE("files the store cannot own are refused with a storage error") {
    TempDatabase file;
    auto refused = [&] {
        try {
            open_sqlite_store(file.path());
            FAIL("opened");
        } catch (const Error& error) {
            CHECK_MESSAGE(error.code() == ErrorCode::storage, error.what());
        }
    };
    SUBCASE("not a database") {
        std::ofstream(file.path())
            << "this is not an SQLite file, just some text long enough to have a header";
        refused();
    }
    SUBCASE("written by a newer leadpool") {
        open_sqlite_store(file.path());
        {
            SQLite::Database db(file.path(), SQLite::OPEN_READWRITE);
            db.exec("PRAGMA user_version = " + std::to_string(sqlite_schema_version() + 1));
        }
        refused();
    }
    SUBCASE("a directory") {
        std::filesystem::create_directory(file.path());
        refused();
        std::filesystem::remove(file.path());
    }
}

TEST_CASE("two engines on one file see each other's commits") {
    TempDatabase file;
    auto clock = std::make_shared<ManualClock>(kStart);
    Engine first(open_sqlite_store(file.path()), EngineOptions{clock});
    first.initialize(User{"boss", "Boss", "", {"director"}, true}, OrgStage::factory_led);
    Engine second(open_sqlite_store(file.path()), EngineOptions{clock});
    const LeadId id = second.capture("boss", phone_lead("1")).lead.id;
    CHECK(first.lead("boss", id).channel == "web");
    CHECK(first.capture("boss", phone_lead("1", "shop")).lead.id == id);
    CHECK(second.lead("boss", id).channels.size() == 2);
}

TEST_CASE("a long write transaction does not hold up readers") {
    TempDatabase file;
    auto clock = std::make_shared<ManualClock>(kStart);
    Engine engine(open_sqlite_store(file.path()), EngineOptions{clock});
    engine.initialize(User{"boss", "Boss", "", {"director"}, true}, OrgStage::factory_led);
    engine.capture("boss", phone_lead("1"));

    // Another connection to the file (as another process would) opens a write transaction and
    // keeps it open until the reader has finished.
    auto other = open_sqlite_store(file.path());
    auto writer = other->write();
    Lead pending;
    pending.identities = {{IdentityKind::phone, "2", ""}};
    pending.channel = "web";
    pending.channels = {"web"};
    writer->insert_lead(pending);

    std::atomic<bool> read_done{false};
    std::size_t seen = 0;
    std::thread reader([&] {
        seen = engine.leads("boss").leads.size();
        read_done = true;
    });
    reader.join();  // would hang (or fail with busy) if reads waited for the writer
    CHECK(read_done);
    CHECK(seen == 1);  // the uncommitted lead is not visible
    writer->commit();
    CHECK(engine.leads("boss").leads.size() == 2);
}
