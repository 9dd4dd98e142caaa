// What only the PostgreSQL store promises: its schema is versioned and its own, the URI's schema
// parameter picks it, bad names, servers and schemas are clear errors, and a writer that waits
// too long for the writer lock gets busy.
#include <doctest/doctest.h>
#include <libpq-fe.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "erasure_fixture.hpp"
#include "conflict_review_fixture.hpp"
#include "last_touch_fixture.hpp"
#include "tier_stays_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;

namespace {

// Runs SQL on the test server, outside any store; the first value of the last result ("" when
// it has no rows). Fails the test when the server refuses it.
std::string on_server(const std::string& sql) {
    PGconn* conn = PQconnectdb(test_postgres_uri().c_str());
    REQUIRE(PQstatus(conn) == CONNECTION_OK);
    PGresult* result = PQexec(conn, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    const std::string error = PQresultErrorMessage(result);
    const std::string value =
        status == PGRES_TUPLES_OK && PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : std::string();
    PQclear(result);
    PQfinish(conn);
    INFO(error);
    REQUIRE((status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK));
    return value;
}

ErrorCode open_error(const std::string& uri, const PostgresOptions& options = {}) {
    try {
        open_postgres_store(uri, options);
    } catch (const Error& error) {
        return error.code();
    }
    FAIL("the store opened");
    return ErrorCode::internal;
}

// Every row of every table of the schema, as the server writes a row as text.
std::string every_row(const std::string& schema) {
    std::string out;
    std::string tables = on_server("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_catalog.pg_tables "
                                   "WHERE schemaname = '" + schema + "'");
    REQUIRE(tables != "");
    tables += ",";
    for (std::size_t start = 0, end; (end = tables.find(',', start)) != std::string::npos; start = end + 1) {
        const std::string table = tables.substr(start, end - start);
        out += table + ": " +
               on_server("SELECT coalesce(string_agg(t::text, E'\n'), '') FROM " + schema + "." + table + " t") + "\n";
    }
    return out;
}

// What versions 9 to 11 added: the conflicts' resolution and the review queue's indexes, the
// period report's index on the history's time, and the stays of time in tier.
constexpr const char* kUndoVersion9 = R"sql(
    DROP TRIGGER history_stays ON history;
    DROP FUNCTION record_tier_stay();
    DROP TABLE tier_stays;
    DROP INDEX history_by_time;
    DROP INDEX identity_conflicts_by_state;
    DROP INDEX identity_conflicts_by_lead;
    DROP INDEX merges_by_survivor;
    DROP INDEX merges_by_absorbed;
    ALTER TABLE identity_conflicts DROP COLUMN state, DROP COLUMN resolved_by, DROP COLUMN resolved_at,
        DROP COLUMN resolution_reason, DROP COLUMN resolution_merges;
)sql";

std::string with_parameter(const std::string& uri, const std::string& parameter) {
    return uri + (uri.find('?') == std::string::npos ? "?" : "&") + parameter;
}

}  // namespace

TEST_SUITE_BEGIN("postgres store");

TEST_CASE("the schema records its version, and reopening it gives back everything") {
    Company<PostgresStoreFactory> c;
    Engine& e = *c.engine;
    const LeadId id = c.capture("13800001001", "web");
    e.transition("boss", move(id, Action::distribute, c.east, "ann"));
    e.update_lead("boss", id, LeadUpdate{R"({"note": "called"})", {"hot"}, {}, 0});
    const std::string before = observable_state(e, "boss");

    c.reopen();
    CHECK(observable_state(*c.engine, "boss") == before);
    CHECK(c.capture("13800001002") > id);
    const std::string schema = c.factory.schema.name();
    CHECK(on_server("SELECT max(version) FROM " + schema + ".schema_migrations") ==
          std::to_string(postgres_schema_version()));
}

TEST_CASE("version 6 gives the leads stored before their last touch, merged leads' too") {
    Company<PostgresStoreFactory> c;
    const TouchedLeads leads = touched_leads(*c.engine, *c.clock);
    on_server("SET search_path TO " + c.factory.schema.name() + R"sql(;
        DROP INDEX leads_by_last_campaign;
        DROP INDEX opportunities_by_status;
        DROP INDEX opportunities_by_step;
    )sql" + kUndoVersion9 + R"sql(
        ALTER TABLE leads DROP COLUMN last_source, DROP COLUMN last_medium, DROP COLUMN last_campaign;
        ALTER TABLE merges DROP COLUMN absorbed_referrer;
        DROP TABLE lead_scores;
        DELETE FROM schema_migrations WHERE version >= 6;
    )sql");
    c.reopen();
    check_touched_leads(*c.factory.open()->read(), leads);
}

TEST_CASE("version 11 fills the stays from the history before it, and the trigger goes on from there") {
    PostgresStoreFactory factory;
    const std::string schema = factory.schema.name();
    const std::vector<conformance::TierTimeKey> before = stays_history(*factory.open());
    const std::string stays_query = "SELECT string_agg(concat_ws(',', seq, lead_id, stay_tier, entered_at, left_at, "
                                    "first_stay), ';' ORDER BY seq) FROM " + schema + ".tier_stays";
    const std::string stays = on_server(stays_query);
    REQUIRE(stays != "");
    on_server("SET search_path TO " + schema + R"sql(;
        DROP TRIGGER history_stays ON history;
        DROP FUNCTION record_tier_stay();
        DROP TABLE tier_stays;
        DELETE FROM schema_migrations WHERE version >= 11;
    )sql");
    auto store = factory.open();
    CHECK(on_server("SELECT max(version) FROM " + schema + ".schema_migrations") == "11");
    CHECK(on_server(stays_query) == stays);
    check_migrated_stays(*store, before);
}

TEST_CASE("version 9 makes every conflict raised before it open, and pages merges and conflicts") {
    Company<PostgresStoreFactory> c;
    const std::vector<std::int64_t> conflicts = raise_conflicts(*c.engine, *c.clock);
    on_server("SET search_path TO " + c.factory.schema.name() + ";" + kUndoVersion9 +
              "DELETE FROM schema_migrations WHERE version >= 9;");
    c.reopen();
    check_open_conflicts(*c.engine, conflicts);
}

TEST_CASE("a version 1 schema migrates to version 11, keeping its funnel counters exact") {
    REQUIRE(postgres_schema_version() == 11);
    PostgresStoreFactory factory;
    const std::string schema = factory.schema.name();
    std::vector<LeadId> ids;
    {
        auto store = factory.open();
        auto writer = store->write();
        for (int i = 0; i < 4; ++i) {
            Lead lead;
            lead.identities = {{IdentityKind::phone, std::to_string(1000 + i), ""}};
            lead.channel = i % 2 ? "web" : "shop";
            lead.channels = {lead.channel};
            ids.push_back(writer->insert_lead(lead));
        }
        writer->commit();
    }
    const std::string counters_query = "SELECT string_agg(concat_ws(' ', tier, reached, pool_id, owner, channel, "
                                       "capture_day, n), ';' ORDER BY channel) FROM " + schema + ".funnel_counts";
    const std::string counters = on_server(counters_query);
    REQUIRE(counters != "");
    // Back to version 1: its counting triggers by name only (the migration replaces them, and
    // nothing writes through them here).
    on_server("SET search_path TO " + schema + R"sql(;
        DROP TRIGGER leads_count_insert ON leads;
        DROP TRIGGER leads_count_update ON leads;
        DROP TRIGGER leads_count_delete ON leads;
        DROP FUNCTION count_lead_changes();
        DROP TABLE changes;
        DROP TABLE feed_state;
        DROP TABLE feed_consumers;
        DROP TABLE suppressions;
        DROP TABLE lead_scores;
        DROP INDEX leads_by_referred_by;
        DROP INDEX deliveries_by_lead;
        DROP INDEX leads_by_created;
        CREATE INDEX leads_by_created ON leads (created_at);
        DROP INDEX leads_by_activity;
        DROP INDEX leads_by_updated;
        DROP INDEX leads_by_campaign;
        DROP INDEX identities_by_value_prefix;
        DROP INDEX leads_by_last_campaign;
        DROP INDEX opportunities_by_status;
        DROP INDEX opportunities_by_step;
    )sql" + kUndoVersion9 + R"sql(
        ALTER TABLE leads DROP COLUMN last_source, DROP COLUMN last_medium, DROP COLUMN last_campaign;
        ALTER TABLE merges DROP COLUMN absorbed_referrer;
        CREATE FUNCTION count_leads() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
        CREATE TRIGGER leads_count_insert_delete AFTER INSERT OR DELETE ON leads
        FOR EACH ROW EXECUTE FUNCTION count_leads();
        CREATE TRIGGER leads_count_update AFTER UPDATE ON leads FOR EACH ROW EXECUTE FUNCTION count_leads();
        DELETE FROM schema_migrations WHERE version > 1;
    )sql");

    auto store = factory.open();
    CHECK(on_server("SELECT string_agg(version::text, ',' ORDER BY version) FROM " + schema + ".schema_migrations") ==
          "1,2,3,4,5,6,7,8,9,10,11");
    CHECK(on_server("SELECT count(*) FROM pg_catalog.pg_indexes WHERE schemaname = '" + schema +
                    "' AND indexname = 'history_by_time'") == "1");
    CHECK(on_server("SELECT count(*) FROM pg_catalog.pg_indexes WHERE schemaname = '" + schema +
                    "' AND indexname IN ('tier_stays_by_left', 'tier_stays_open_by_entered', "
                    "'tier_stays_first_order')") == "3");
    CHECK(on_server("SELECT count(*) FROM pg_catalog.pg_indexes WHERE schemaname = '" + schema +
                    "' AND indexname IN ('opportunities_by_status', 'opportunities_by_step')") == "2");
    CHECK(on_server("SELECT count(*) FROM pg_catalog.pg_indexes WHERE schemaname = '" + schema +
                    "' AND indexname IN ('identity_conflicts_by_state', 'identity_conflicts_by_lead', "
                    "'merges_by_survivor', 'merges_by_absorbed')") == "4");
    CHECK(on_server("SELECT count(*) FROM pg_catalog.pg_indexes WHERE schemaname = '" + schema +
                    "' AND indexname IN ('leads_by_referred_by', 'deliveries_by_lead', 'changes_by_lead')") == "3");
    CHECK(on_server("SELECT count(*) FROM pg_catalog.pg_indexes WHERE schemaname = '" + schema +
                    "' AND indexname IN ('leads_by_activity', 'leads_by_updated', 'leads_by_campaign', "
                    "'identities_by_value_prefix')") == "4");
    // The definition is read in the select list only: a condition on it could be evaluated on
    // other schemas' indexes, which concurrent tests drop, and fail on a vanished relation.
    CHECK(on_server("SELECT indexdef FROM pg_catalog.pg_indexes WHERE schemaname = '" + schema +
                    "' AND indexname = 'leads_by_created'") ==
          "CREATE INDEX leads_by_created ON " + schema + ".leads USING btree (created_at, id)");
    CHECK(on_server("SELECT count(*) FROM pg_catalog.pg_indexes WHERE schemaname = '" + schema +
                    "' AND indexname IN ('lead_scores_by_points', 'lead_scores_by_next_change')") == "2");
    CHECK(on_server(counters_query) == counters);
    // The new triggers count: a lead absorbed by a merge leaves its cell, a deleted cell goes.
    {
        auto writer = store->write();
        Lead absorbed = *writer->lead(ids[3]);
        absorbed.identities.clear();
        absorbed.merged_into = ids[1];
        writer->update_lead(absorbed);
        writer->commit();
    }
    LeadSelection every_lead;
    every_lead.visible_if = {VisibilityClause{}};
    std::int64_t counted = 0;
    for (const FunnelCell& cell : store->read()->funnel(every_lead)) counted += cell.count;
    CHECK(counted == 3);
    on_server("SET search_path TO " + schema + "; DELETE FROM identities WHERE lead_id IN (SELECT id FROM leads "
              "WHERE channel = 'shop'); DELETE FROM leads WHERE channel = 'shop'");
    CHECK(on_server("SELECT sum(n) FROM " + schema + ".funnel_counts") == "1");
    CHECK(on_server("SELECT count(*) FROM " + schema + ".funnel_counts WHERE n = 0") == "0");
}

TEST_CASE("the URI's schema parameter names the schema") {
    TempSchema schema;
    PostgresOptions ignored;
    ignored.schema = "not_this_one";
    Engine e(open_postgres_store(with_parameter(test_postgres_uri(), "schema=" + schema.name()), ignored));
    e.initialize(User{"boss", "The Boss", "management", {"director"}, true}, OrgStage::factory_led);
    e.capture("boss", phone_lead("13800001001"));
    CHECK(on_server("SELECT count(*) FROM " + schema.name() + ".leads") == "1");
    CHECK(on_server("SELECT count(*) FROM pg_namespace WHERE nspname = 'not_this_one'") == "0");
}

TEST_CASE("another process waiting for changes is woken by NOTIFY, whatever the length of the schema name") {
    TempSchema schema(63);  // the channel name would be 80 bytes: cut to 63 (feed_channel)
    PostgresOptions options;
    options.schema = schema.name();
    Engine writer(open_postgres_store(test_postgres_uri(), options));
    writer.initialize(User{"boss", "The Boss", "management", {"director"}, true}, OrgStage::factory_led);
    const Engine follower(open_postgres_store(test_postgres_uri(), options));  // its own store: as another process
    const std::int64_t last = follower.changes("boss", {}).last;
    CHECK(!follower.wait_for_changes(last, std::chrono::milliseconds(50)));
    auto woken = std::async(std::launch::async, [&] { return follower.wait_for_changes(last, std::chrono::seconds(30)); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    writer.capture("boss", phone_lead("13800001001"));
    CHECK(woken.get());
    CHECK(follower.changes("boss", {}).last == last + 1);
    // The listening connection went back to the pool without its LISTEN: waiting again waits.
    CHECK(!follower.wait_for_changes(last + 1, std::chrono::milliseconds(50)));
}

TEST_CASE("a schema name leadpool does not accept is refused before connecting") {
    for (const std::string& name : std::vector<std::string>{"", "Upper", "1st", "has-dash", "quote\"d", std::string(64, 'a')}) {
        CAPTURE(name);
        PostgresOptions options;
        options.schema = name;
        CHECK(open_error("postgresql://nobody@/nowhere?host=/nonexistent", options) == ErrorCode::invalid_argument);
    }
    CHECK(open_error("postgresql://nobody@/nowhere?host=/nonexistent&schema=Bad") == ErrorCode::invalid_argument);
}

TEST_CASE("a server that cannot be reached is a storage error") {
    CHECK(open_error("postgresql://postgres@/postgres?host=/nonexistent-leadpool-socket-dir") == ErrorCode::storage);
}

TEST_CASE("a schema holding other tables is refused and left as it was") {
    TempSchema schema;
    on_server("CREATE SCHEMA " + schema.name() + "; CREATE TABLE " + schema.name() + ".other (x int)");
    PostgresOptions options;
    options.schema = schema.name();
    CHECK(open_error(test_postgres_uri(), options) == ErrorCode::storage);
    CHECK(on_server("SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema.name() + "'") == "1");
}

TEST_CASE("a schema written by a newer leadpool is refused") {
    PostgresStoreFactory factory;
    factory.open();
    on_server("INSERT INTO " + factory.schema.name() + ".schema_migrations VALUES (" +
              std::to_string(postgres_schema_version() + 1) + ", now())");
    PostgresOptions options;
    options.schema = factory.schema.name();
    CHECK(open_error(test_postgres_uri(), options) == ErrorCode::storage);
}

TEST_CASE("a writer that waits for the writer lock past the lock timeout gets busy") {
    TempSchema schema;
    PostgresOptions options;
    options.schema = schema.name();
    options.lock_timeout_ms = 50;
    auto store = open_postgres_store(test_postgres_uri(), options);
    auto holder = store->write();
    // Another thread: a thread must not open a second writer while it holds one.
    auto waiter = std::async(std::launch::async, [&store]() -> std::optional<ErrorCode> {
        try {
            store->write();
        } catch (const Error& error) {
            return error.code();
        }
        return std::nullopt;
    });
    CHECK(waiter.get() == ErrorCode::busy);
    holder->set_setting("still", "usable");
    holder->commit();
    CHECK(store->read()->setting("still") == "usable");
}

TEST_CASE("text with a NUL character is refused with invalid_argument, not cut short") {
    PostgresStoreFactory factory;
    auto store = factory.open();
    auto writer = store->write();
    try {
        writer->set_setting("key", std::string("a\0b", 3));
        FAIL("stored");
    } catch (const Error& error) {
        CHECK(error.code() == ErrorCode::invalid_argument);
    }
}

TEST_CASE("a writer's new leads go in together, are seen by its own reads, and keep ids dense") {
    PostgresStoreFactory factory;
    auto store = factory.open();
    // More leads than a block of reserved ids, than a writer holds back at once and than it keeps
    // knowing: blocks run out, unused ids go back, held leads are sent before the writer asks,
    // and what it forgets it reads again.
    constexpr int kLeads = 21000;
    std::vector<LeadId> ids;
    {
        auto writer = store->write();
        for (int i = 0; i < kLeads; ++i) {
            Lead lead;
            lead.identities = {{IdentityKind::phone, std::to_string(13000000000LL + i), ""}};
            lead.tags = {"segment-" + std::to_string(i % 3)};
            lead.channel = "web";
            lead.channels = {"web"};
            ids.push_back(writer->insert_lead(lead));
        }
        for (int i = 0; i < kLeads; ++i) CHECK(ids[static_cast<std::size_t>(i)] == i + 1);
        // Nothing was sent yet; the writer's own statements send it first.
        LeadSelection selection;
        selection.visible_if = {VisibilityClause{}};
        CHECK(writer->lead_ids(selection, 0, 100'000).size() == kLeads);
        selection.tag = "segment-1";
        CHECK(writer->lead_ids(selection, 0, 100'000).size() == kLeads / 3);
        CHECK(writer->lead_by_identity({IdentityKind::phone, "13000001234", ""}) == ids[1234]);
        CHECK(writer->lead(ids.back())->tags == std::vector<std::string>{"segment-" + std::to_string((kLeads - 1) % 3)});
        // Each lead changed again, page by page as routing does: held back too, and sent as it
        // ends up.
        selection.tag.reset();
        for (LeadId after = 0;;) {
            auto page = writer->leads(selection, after, 1000);
            if (page.empty()) break;
            for (Lead& lead : page) {
                lead.tags = {"again"};
                ++lead.version;
                writer->update_lead(lead);
            }
            after = page.back().id;
        }
        selection.tag = "again";
        CHECK(writer->lead_ids(selection, 0, 100'000).size() == kLeads);
        writer->commit();
    }
    const std::string schema = factory.schema.name();
    CHECK(on_server("SELECT count(*) FROM " + schema + ".identities") == std::to_string(kLeads));
    CHECK(on_server("SELECT count(*) FROM " + schema + ".lead_tags") == std::to_string(kLeads));
    CHECK(on_server("SELECT count(*) FROM " + schema + ".leads WHERE version = " + std::to_string(Lead{}.version + 1)) ==
          std::to_string(kLeads));
    auto writer = store->write();
    CHECK(writer->insert_lead(Lead{}) == kLeads + 1);
}

TEST_CASE("after an erasure no row of any table holds the person, and dead tuples are left to VACUUM") {
    erasure::Person<PostgresStoreFactory> p;
    const std::string schema = p.company.factory.schema.name();
    REQUIRE(erasure::held_values(every_row(schema)) != "");  // the search can fail

    const ErasureReport report = p.e.erase("boss", p.lead, ErasureRequest{"gdpr", true});
    CHECK(report.scrub == ScrubOutcome::left_to_host);
    const std::string rows = every_row(schema);
    CHECK(erasure::held_values(rows) == "");
    CHECK(rows.find("+8613900139000") != std::string::npos);  // the person who referred them stays
    // The suppression list holds one hash per identity, never a value.
    CHECK(on_server("SELECT count(*) FROM " + schema + ".suppressions WHERE hash ~ '^[0-9a-f]{64}$'") == "4");
}

TEST_SUITE_END();
