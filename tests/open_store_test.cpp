// open_store: each URI scheme opens its store with its options, and every refused URI is a
// clear error with its code.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;

namespace {

// An engine on the store `uri` names, initialised by "boss" unless it already was.
std::unique_ptr<Engine> engine_on(const std::string& uri, const StoreOptions& options = {}) {
    auto engine = std::make_unique<Engine>(open_store(uri, options));
    if (!engine->initialized())
        engine->initialize(User{"boss", "The Boss", "", {"director"}, true}, OrgStage::factory_led);
    return engine;
}

bool holds(const std::unique_ptr<Engine>& engine, const std::string& phone) {
    return engine->find_lead("boss", Identity{IdentityKind::phone, phone, ""}).has_value();
}

// What open_store throws for `uri`; fails the test when it opens.
Error open_error(const std::string& uri, const StoreOptions& options = {}) {
    try {
        open_store(uri, options);
    } catch (const Error& error) {
        return error;
    }
    FAIL("the store opened: " << uri);
    return Error(ErrorCode::internal, "");
}

#ifdef LEADPOOL_HAS_POSTGRES_STORE
constexpr const char* kBuiltIn = "(built in: \"memory:\", \"sqlite:PATH\", \"postgresql://...\")";
#else
constexpr const char* kBuiltIn = "(built in: \"memory:\", \"sqlite:PATH\")";
#endif

// open_store refuses `uri` with invalid_argument and exactly `message`.
void check_refused(const std::string& uri, const std::string& message) {
    const Error error = open_error(uri);
    CHECK(error.code() == ErrorCode::invalid_argument);
    CHECK(std::string(error.what()) == message);
}

std::string not_built_in(const std::string& scheme) {
    return "storage_uri: scheme '" + scheme + ":' is not built into this leadpool " + kBuiltIn;
}

}  // namespace

TEST_SUITE_BEGIN("open_store");

TEST_CASE("memory: opens a fresh store each time") {
    const auto first = engine_on("memory:");
    first->capture("boss", phone_lead("13800000001"));
    CHECK(holds(first, "13800000001"));
    CHECK_FALSE(holds(engine_on("memory:"), "13800000001"));
}

TEST_CASE("sqlite:PATH opens the file, and the same URI reopens its data") {
    TempDatabase file;
    const std::string uri = "sqlite:" + file.path();
    StoreOptions options;
    options.sqlite.synchronous = SqliteOptions::Synchronous::normal;
    engine_on(uri, options)->capture("boss", phone_lead("13800000001"));
    CHECK(holds(engine_on(uri), "13800000001"));
    // the very file
    CHECK(holds(std::make_unique<Engine>(open_sqlite_store(file.path())), "13800000001"));
}

#ifdef LEADPOOL_HAS_POSTGRES_STORE
TEST_CASE("postgresql:// and postgres:// open the schema the options name, and reopen its data") {
    TempSchema schema;
    StoreOptions options;
    options.postgres.schema = schema.name();
    const std::string uri = test_postgres_uri();
    REQUIRE(uri.rfind("postgresql://", 0) == 0);
    engine_on(uri, options)->capture("boss", phone_lead("13800000001"));
    CHECK(holds(engine_on(uri, options), "13800000001"));
    CHECK(holds(engine_on("postgres://" + uri.substr(13), options), "13800000001"));
    PostgresOptions direct;
    direct.schema = schema.name();
    // the very schema
    CHECK(holds(std::make_unique<Engine>(open_postgres_store(uri, direct)), "13800000001"));
}

TEST_CASE("a PostgreSQL URI the store refuses keeps the store's code") {
    const std::string uri = test_postgres_uri();
    StoreOptions bad_schema;
    bad_schema.postgres.schema = "Bad-Name";
    CHECK(open_error(uri, bad_schema).code() == ErrorCode::invalid_argument);
    CHECK(open_error("postgresql://db.example/leads?schema=Bad-Name").code() ==
          ErrorCode::invalid_argument);  // refused before any connection is tried
    CHECK(open_error("postgresql://postgres@/postgres?host=/nonexistent-leadpool-dir").code() ==
          ErrorCode::storage);
}
#else
TEST_CASE("a PostgreSQL URI is a scheme this build does not open") {
    check_refused("postgresql://db.example/leads", not_built_in("postgresql"));
}
#endif

TEST_CASE("an unknown scheme is invalid_argument, naming it and the schemes built in") {
    check_refused("mysql://db.example/leads", not_built_in("mysql"));
    check_refused("Memory:", not_built_in("Memory"));  // schemes are exact
}

TEST_CASE("a URI without a scheme is invalid_argument") {
    check_refused("leads.db", std::string("storage_uri: 'leads.db' names no scheme ") + kBuiltIn);
    check_refused("", std::string("storage_uri: '' names no scheme ") + kBuiltIn);
}

TEST_CASE("sqlite: without a path is invalid_argument") {
    check_refused("sqlite:", "storage_uri: \"sqlite:\" needs a file path");
}

TEST_CASE("a SQLite file that cannot be opened is storage") {
    TempDatabase file;
    CHECK(open_error("sqlite:" + file.path() + ".missing-dir/x.db").code() == ErrorCode::storage);
}

TEST_SUITE_END();
