// What only the SQLite store promises: the file keeps everything, and readers never wait.
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <thread>

#include "erasure_fixture.hpp"
#include "conflict_review_fixture.hpp"
#include "last_touch_fixture.hpp"
#include "tier_stays_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;

TEST_CASE("reopening the SQLite file gives back everything") {
    Company<SqliteStoreFactory> c;
    Engine& e = *c.engine;
    const LeadId id = c.capture("13800001001", "web");
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
    CHECK(c.capture("13800001002") > id);
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

namespace {

// The funnel counters as stored, one line per cell.
std::string funnel_counters(SQLite::Database& db) {
    SQLite::Statement q(db,
                        "SELECT tier, reached, pool_id, owner, channel, capture_day, n FROM funnel_counts "
                        "ORDER BY tier, reached, pool_id, owner, channel, capture_day");
    std::string out;
    while (q.executeStep()) {
        for (int column = 0; column < 7; ++column) out += q.getColumn(column).getString() + " ";
        out += "\n";
    }
    return out;
}

// Turns a file of this build back into one of schema version 1, data and all: what an older
// build left behind.
// What versions 11 to 13 added: the conflicts' resolution and the review queue's indexes, the
// period report's index on the history's time, and the stays of time in tier.
constexpr const char* kUndoVersion11 = R"sql(
    DROP TRIGGER history_stays;
    DROP TABLE tier_stays;
    DROP INDEX history_by_time;
    DROP INDEX identity_conflicts_by_state;
    DROP INDEX identity_conflicts_by_lead;
    DROP INDEX merges_by_survivor;
    DROP INDEX merges_by_absorbed;
    ALTER TABLE identity_conflicts DROP COLUMN state;
    ALTER TABLE identity_conflicts DROP COLUMN resolved_by;
    ALTER TABLE identity_conflicts DROP COLUMN resolved_at;
    ALTER TABLE identity_conflicts DROP COLUMN resolution_reason;
    ALTER TABLE identity_conflicts DROP COLUMN resolution_merges;
)sql";

void downgrade_to_version_1(SQLite::Database& db) {
    SQLite::Transaction transaction(db);
    db.exec(R"sql(
        DROP TABLE deliveries;
        DROP TABLE lead_events;
        DROP TABLE identity_joins;
        DROP TABLE merges;
        DROP TABLE identity_conflicts;
        DROP TABLE opportunities;
        DROP TABLE funnel_counts_deferred;
        DROP TABLE changes;
        DROP TABLE feed_consumers;
        DROP TABLE suppressions;
        DROP TABLE lead_scores;
        DROP TRIGGER history_stays;
        DROP TABLE tier_stays;
        DROP INDEX history_by_time;
        DROP INDEX leads_by_referred_by;
        DROP INDEX leads_by_activity;
        DROP INDEX leads_by_updated;
        DROP INDEX leads_by_campaign;
        DROP INDEX leads_by_last_campaign;
        DROP INDEX leads_by_pool_activity;
        DROP INDEX leads_by_merged_into;
        DROP TRIGGER leads_count_insert;
        DROP TRIGGER leads_count_update;
        DROP TRIGGER leads_count_delete;
        ALTER TABLE leads DROP COLUMN last_seen_at;
        ALTER TABLE leads DROP COLUMN referred_by;
        ALTER TABLE leads DROP COLUMN merged_into;
        ALTER TABLE leads DROP COLUMN last_source;
        ALTER TABLE leads DROP COLUMN last_medium;
        ALTER TABLE leads DROP COLUMN last_campaign;
        -- Version 1's counting triggers by name only: the migration replaces them, and nothing
        -- writes through them here.
        CREATE TRIGGER leads_count_insert AFTER INSERT ON leads BEGIN SELECT 1; END;
        CREATE TRIGGER leads_count_update AFTER UPDATE ON leads BEGIN SELECT 1; END;
        CREATE TRIGGER leads_count_delete AFTER DELETE ON leads BEGIN SELECT 1; END;
        DELETE FROM schema_migrations WHERE version > 1;
        PRAGMA user_version = 1;
    )sql");
    transaction.commit();
}

LeadSelection every_lead() {
    LeadSelection selection;
    selection.visible_if = {VisibilityClause{}};
    return selection;
}

}  // namespace

TEST_CASE("a version 1 file migrates to version 13, keeping its leads and funnel counters") {
    REQUIRE(sqlite_schema_version() == 13);
    TempDatabase file;
    std::vector<Lead> leads(4);
    {
        auto store = open_sqlite_store(file.path());
        auto writer = store->write();
        for (std::size_t i = 0; i < leads.size(); ++i) {
            Lead& lead = leads[i];
            lead.identities = {{IdentityKind::phone, std::to_string(i), ""}};
            lead.channel = i % 2 ? "web" : "shop";
            lead.channels = {lead.channel};
            lead.tier = i < 2 ? Tier::master : Tier::sub;
            lead.reached |= tier_bit(lead.tier);
            lead.created_at = kStart + static_cast<Timestamp>(i) * kDay;
            lead.updated_at = lead.last_activity_at = lead.created_at + 1;
            lead.id = writer->insert_lead(lead);
            lead.last_seen_at = lead.created_at;  // what version 2 makes of a version 1 lead
        }
        writer->commit();
    }
    std::string counters;
    std::vector<FunnelCell> funnel;
    {
        SQLite::Database db(file.path(), SQLite::OPEN_READWRITE);
        counters = funnel_counters(db);
        downgrade_to_version_1(db);
        REQUIRE(db.execAndGet("PRAGMA user_version").getInt() == 1);
    }

    auto store = open_sqlite_store(file.path());
    {
        SQLite::Database db(file.path());
        CHECK(db.execAndGet("PRAGMA user_version").getInt() == 13);
        CHECK(db.execAndGet("SELECT group_concat(version) FROM schema_migrations").getString() ==
              "1,2,3,4,5,6,7,8,9,10,11,12,13");
        // Version 13: time in tier reads the stays table the history trigger keeps.
        CHECK(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name IN ('tier_stays', 'history_stays', "
                            "'tier_stays_by_left', 'tier_stays_open_by_entered', 'tier_stays_first_order')")
                  .getInt() == 5);
        // Version 12: the period report reads the history of a period off its time index.
        CHECK(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'history_by_time'").getInt() == 1);
        // Version 11: the review queue pages conflicts and merges off their indexes.
        CHECK(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name IN ('identity_conflicts_by_state', "
                            "'identity_conflicts_by_lead', 'merges_by_survivor', 'merges_by_absorbed')")
                  .getInt() == 4);
        // Version 10: the pipeline view reads off the opportunities' status and step indexes.
        CHECK(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name IN ('opportunities_by_status', "
                            "'opportunities_by_step')")
                  .getInt() == 2);
        // Version 7: sorted lead lists and the campaign filter read off indexes.
        CHECK(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name IN ('leads_by_activity', "
                            "'leads_by_updated', 'leads_by_campaign')")
                  .getInt() == 3);
        // Version 6: an erasure finds referrals, deliveries and a lead's changes by index.
        CHECK(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name IN ('leads_by_referred_by', "
                            "'deliveries_by_lead', 'changes_by_lead', 'suppressions')")
                  .getInt() == 4);
        // Version 9: the scores, by (model, points) and by when time next changes them.
        CHECK(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name IN ('lead_scores', "
                            "'lead_scores_by_points', 'lead_scores_by_next_change')")
                  .getInt() == 3);
        CHECK(funnel_counters(db) == counters);
    }
    {
        auto reader = store->read();
        for (const Lead& lead : leads) {
            const auto stored = reader->lead(lead.id);
            REQUIRE(stored);
            CHECK(stored->identities == lead.identities);
            CHECK(stored->tier == lead.tier);
            CHECK(stored->created_at == lead.created_at);
            CHECK(stored->last_seen_at == lead.created_at);
            CHECK(stored->referred_by == 0);
            CHECK(stored->merged_into == 0);
        }
        CHECK(reader->leads(every_lead(), 0, 10).size() == leads.size());
        funnel = reader->funnel(every_lead());
    }
    const auto count_at = [](const std::vector<FunnelCell>& cells, Tier tier) {
        std::int64_t n = 0;
        for (const auto& cell : cells) n += cell.tier == tier ? cell.count : 0;
        return n;
    };
    CHECK(count_at(funnel, Tier::master) == 2);
    CHECK(count_at(funnel, Tier::sub) == 2);

    // The migrated file counts only leads in their own right: absorbing one takes it out.
    {
        auto writer = store->write();
        Lead absorbed = leads[3];
        absorbed.identities.clear();
        absorbed.merged_into = leads[2].id;
        writer->update_lead(absorbed);
        writer->commit();
    }
    auto reader = store->read();
    CHECK(count_at(reader->funnel(every_lead()), Tier::sub) == 1);
    CHECK(reader->absorbed_into(leads[2].id) == std::vector<LeadId>{leads[3].id});
}

TEST_CASE("version 13 fills the stays from the history before it, and the trigger goes on from there") {
    TempDatabase file;
    std::vector<conformance::TierTimeKey> before;
    std::string stays;
    const char* stays_query = "SELECT group_concat(row, ';') FROM (SELECT seq || ',' || lead_id || ',' || stay_tier "
                              "|| ',' || entered_at || ',' || ifnull(left_at, '-') || ',' || first_stay AS row "
                              "FROM tier_stays ORDER BY seq)";
    {
        auto store = open_sqlite_store(file.path());
        before = stays_history(*store);
    }
    {
        SQLite::Database db(file.path(), SQLite::OPEN_READWRITE);
        stays = db.execAndGet(stays_query).getString();
        REQUIRE(stays != "");
        db.exec("DROP TRIGGER history_stays; DROP TABLE tier_stays;"
                "DELETE FROM schema_migrations WHERE version >= 13; PRAGMA user_version = 12;");
    }
    auto store = open_sqlite_store(file.path());
    {
        SQLite::Database db(file.path());
        CHECK(db.execAndGet("PRAGMA user_version").getInt() == 13);
        CHECK(db.execAndGet(stays_query).getString() == stays);
    }
    check_migrated_stays(*store, before);
}

TEST_CASE("version 8 gives the leads stored before their last touch, merged leads' too") {
    TempDatabase file;
    auto clock = std::make_shared<ManualClock>(kStart);
    TouchedLeads leads;
    {
        Engine e(open_sqlite_store(file.path()), EngineOptions{clock});
        e.initialize(User{"boss", "Boss", "management", {"director"}, true}, OrgStage::factory_led);
        leads = touched_leads(e, *clock);
    }
    {
        SQLite::Database db(file.path(), SQLite::OPEN_READWRITE);
        db.exec(kUndoVersion11);
        db.exec(R"sql(
            DROP INDEX leads_by_last_campaign;
            DROP INDEX opportunities_by_status;
            DROP INDEX opportunities_by_step;
            ALTER TABLE leads DROP COLUMN last_source;
            ALTER TABLE leads DROP COLUMN last_medium;
            ALTER TABLE leads DROP COLUMN last_campaign;
            ALTER TABLE merges DROP COLUMN absorbed_referrer;
            DROP TABLE lead_scores;
            DELETE FROM schema_migrations WHERE version >= 8;
            PRAGMA user_version = 7;
        )sql");
    }
    check_touched_leads(*open_sqlite_store(file.path())->read(), leads);
}

TEST_CASE("version 11 makes every conflict raised before it open, and pages merges and conflicts") {
    TempDatabase file;
    auto clock = std::make_shared<ManualClock>(kStart);
    std::vector<std::int64_t> conflicts;
    {
        Engine e(open_sqlite_store(file.path()), EngineOptions{clock});
        e.initialize(User{"boss", "Boss", "management", {"director"}, true}, OrgStage::factory_led);
        conflicts = raise_conflicts(e, *clock);
    }
    {
        SQLite::Database db(file.path(), SQLite::OPEN_READWRITE);
        db.exec(kUndoVersion11);
        db.exec("DELETE FROM schema_migrations WHERE version >= 11; PRAGMA user_version = 10;");
    }
    Engine e(open_sqlite_store(file.path()), EngineOptions{clock});
    check_open_conflicts(e, conflicts);
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
    const LeadId id = second.capture("boss", phone_lead("13800001001")).lead.id;
    CHECK(first.lead("boss", id).channel == "web");
    CHECK(first.capture("boss", phone_lead("13800001001", "shop")).lead.id == id);
    CHECK(second.lead("boss", id).channels.size() == 2);
}

TEST_CASE("a long write transaction does not hold up readers") {
    TempDatabase file;
    auto clock = std::make_shared<ManualClock>(kStart);
    Engine engine(open_sqlite_store(file.path()), EngineOptions{clock});
    engine.initialize(User{"boss", "Boss", "", {"director"}, true}, OrgStage::factory_led);
    engine.capture("boss", phone_lead("13800001001"));

    // Another connection to the file (as another process would) opens a write transaction and
    // keeps it open until the reader has finished.
    auto other = open_sqlite_store(file.path());
    auto writer = other->write();
    Lead pending;
    pending.identities = {{IdentityKind::phone, "13800001002", ""}};
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

namespace {

// The raw bytes of the database file, its WAL and its shared memory, wherever one holds `value`.
std::string files_holding(const std::string& path, const std::string& value) {
    std::string found;
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::ifstream file(path + suffix, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        if (bytes.find(value) != std::string::npos) found += std::string("'") + value + "' in " + path + suffix + "\n";
    }
    return found;
}

std::string files_holding_the_person(const std::string& path) {
    std::string found;
    for (const std::string& value : erasure::kPersonalValues) found += files_holding(path, value);
    return found;
}

// A SQLite file whose writer waits for readers only briefly, so a held-back checkpoint is quick.
struct ImpatientSqliteFactory {
    static constexpr const char* name = "sqlite";
    TempDatabase file;
    std::unique_ptr<Store> open() {
        SqliteOptions options;
        options.synchronous = SqliteOptions::Synchronous::normal;
        options.busy_timeout_ms = 50;
        return open_sqlite_store(file.path(), options);
    }
};

}  // namespace

TEST_CASE("an erasure leaves no byte of the person in the database file, its WAL or its shared memory") {
    erasure::Person<SqliteStoreFactory> p;
    const std::string path = p.company.factory.file.path();
    REQUIRE(files_holding(path, erasure::kPhone) != "");  // the search can fail
    REQUIRE(files_holding(path, erasure::kEmail) != "");

    const ErasureReport report = p.e.erase("boss", p.lead, ErasureRequest{"gdpr", false});
    CHECK(report.scrub == ScrubOutcome::complete);
    // Written as given, as stored, and every other value the person gave: in none of the files,
    // while the engine is open (the WAL checkpointed and truncated) ...
    CHECK(files_holding(path, erasure::kPhone) == "");
    CHECK(files_holding(path, "+" + erasure::kPhone) == "");
    CHECK(files_holding(path, "+86" + erasure::kPhone) == "");
    CHECK(files_holding(path, erasure::kEmail) == "");
    CHECK(files_holding_the_person(path) == "");
    // ... and once it is closed.
    p.company.engine.reset();
    CHECK(files_holding_the_person(path) == "");
    CHECK(files_holding(path, "+86" + erasure::kPhone) == "");
    // The file is whole, and the rest of the pool is still in it.
    SQLite::Database db(path);
    CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
    CHECK(files_holding(path, "+8613900139000") != "");  // the person who referred them stays
}

TEST_CASE("a reader of another connection holds the checkpoint back, and the report says so") {
    erasure::Person<ImpatientSqliteFactory> p;
    const std::string path = p.company.factory.file.path();
    {
        SQLite::Database reader(path, SQLite::OPEN_READONLY);
        reader.exec("BEGIN");
        CHECK(reader.execAndGet("SELECT count(*) FROM leads").getInt() > 0);  // its snapshot, from before
        const ErasureReport report = p.e.erase("boss", p.lead, ErasureRequest{"gdpr", false});
        CHECK(report.scrub == ScrubOutcome::held_back);
        CHECK(files_holding(path, "+86" + erasure::kPhone) != "");  // old pages wait in the WAL
        CHECK(erasure::held_values(erasure::everything_readable(p.e)) == "");
        reader.exec("COMMIT");
    }
    // With the reader gone, closing the engine (its last connection) checkpoints the WAL away.
    p.company.engine.reset();
    CHECK(files_holding_the_person(path) == "");
}
