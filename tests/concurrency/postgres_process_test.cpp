// PostgreSQL only: engines in separate processes sharing one schema. Claims race with exactly one
// winner, concurrent changes of one lead lose no update, and records of one person ingested by
// two processes at once end up in one lead.
//
// Each racer is a fork() of this test process that opens an engine of its own (its own
// connections: the parent's are never touched in the child), reports ready, waits at a start
// line the parent opens for all at once, runs its part, and leaves with _exit(<its outcome>).
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <vector>

#include "../pool_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;

namespace {

// Runs `parts.size()` racers, the i-th running parts[i] on its own engine over `schema`; their
// exit statuses (a part returns its status, 0..255; -1 when the racer did not exit normally).
std::vector<int> race_processes(const std::string& schema,
                                const std::vector<std::function<int(Engine&)>>& parts) {
    int ready[2];
    int go[2];
    REQUIRE(::pipe(ready) == 0);
    REQUIRE(::pipe(go) == 0);
    // A child must not write out what the parent had buffered (some runtimes flush at _exit).
    std::cout.flush();
    std::fflush(nullptr);
    std::vector<pid_t> pids;
    for (const auto& part : parts) {
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(ready[0]);
            ::close(go[1]);
            int status = 255;
            try {
                PostgresOptions options;
                options.schema = schema;
                Engine engine(open_postgres_store(test_postgres_uri(), options),
                              EngineOptions{std::make_shared<ManualClock>(kStart + kDay)});
                char byte = 'r';
                if (::write(ready[1], &byte, 1) == 1 && ::read(go[0], &byte, 1) == 1) status = part(engine);
            } catch (...) {
                status = 254;
            }
            ::_exit(status);
        }
        pids.push_back(pid);
    }
    ::close(ready[1]);
    ::close(go[0]);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        char byte = 0;
        REQUIRE(::read(ready[0], &byte, 1) == 1);
    }
    const std::string start(parts.size(), 'g');
    REQUIRE(::write(go[1], start.data(), start.size()) == static_cast<ssize_t>(start.size()));
    ::close(ready[0]);
    ::close(go[1]);
    std::vector<int> statuses;
    for (pid_t pid : pids) {
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        statuses.push_back(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    return statuses;
}

constexpr int kWon = 0;
constexpr int kConflict = 1;
constexpr int kOtherError = 2;

// 0 when `work` succeeded, 1 when it ended with Error(conflict), 2 for any other error.
int outcome(const std::function<void()>& work) {
    try {
        work();
        return kWon;
    } catch (const Error& error) {
        return error.code() == ErrorCode::conflict ? kConflict : kOtherError;
    } catch (...) {
        return kOtherError;
    }
}

}  // namespace

TEST_SUITE_BEGIN("postgres processes");

TEST_CASE("two processes claim one lead: exactly one wins, the other sees a conflict") {
    SalesTeam<PostgresStoreFactory> t;
    const std::string schema = t.factory.schema.name();
    for (const LeadId lead : t.many_in_north(8)) {
        CAPTURE(lead);
        const auto statuses = race_processes(
            schema, {[lead](Engine& e) { return outcome([&] { e.claim("ann", lead); }); },
                     [lead](Engine& e) { return outcome([&] { e.claim("bob", lead); }); }});
        std::vector<int> sorted = statuses;
        std::sort(sorted.begin(), sorted.end());
        CHECK(sorted == std::vector<int>{kWon, kConflict});
        CHECK(t.lead(lead).owner == (statuses[0] == kWon ? "ann" : "bob"));
        const auto history = t.engine_ref().history("boss", lead);
        CHECK(std::count_if(history.begin(), history.end(),
                            [](const HistoryEntry& row) { return row.action == Action::claim; }) == 1);
    }
}

TEST_CASE("two processes changing one lead lose no update: its version and history count every ack") {
    constexpr int kChanges = 25;
    Company<PostgresStoreFactory> c;
    const LeadId shared = c.capture("13800000000");
    const std::int64_t version_before = c.lead(shared).version;
    // Each process adds its own tags one change at a time; its status is how many were acknowledged.
    const auto tagger = [shared](const std::string& name) {
        return [shared, name](Engine& e) {
            int acked = 0;
            for (int i = 0; i < kChanges; ++i) {
                if (outcome([&] {
                        e.update_lead("boss", shared, LeadUpdate{"{}", {name + std::to_string(i)}, {}, 0});
                    }) == kWon)
                    ++acked;
            }
            return acked;
        };
    };
    const auto acks = race_processes(c.factory.schema.name(), {tagger("a"), tagger("b")});
    CHECK(acks == std::vector<int>{kChanges, kChanges});
    const Lead lead = c.lead(shared);
    CHECK(lead.version == version_before + acks[0] + acks[1]);
    CHECK(lead.tags.size() == static_cast<std::size_t>(acks[0] + acks[1]));
    CHECK(c.engine->history("boss", shared).size() == static_cast<std::size_t>(lead.version));
}

TEST_CASE("two processes ingesting records of the same people make exactly one lead per person") {
    constexpr int kPeople = 30;
    Company<PostgresStoreFactory> c;
    const auto phone = [](int i) { return Identity{IdentityKind::phone, "1390000" + std::to_string(1000 + i), ""}; };
    const auto email = [](int i) { return Identity{IdentityKind::email, "p" + std::to_string(i) + "@example.com", ""}; };
    const auto unionid = [](int i) { return Identity{IdentityKind::wechat_unionid, "u" + std::to_string(i), ""}; };
    // The web knows a person's phone and e-mail, the mini program their e-mail and unionid: each
    // record of one process may create the lead the other's record must join or merge with.
    const auto ingester = [](std::string channel, std::function<std::vector<Identity>(int)> identities) {
        return [channel, identities](Engine& e) {
            int failed = 0;
            for (int i = 0; i < kPeople; ++i) {
                ChannelRecord record;
                record.channel = channel;
                record.record_id = channel + "-" + std::to_string(i);
                record.identities = identities(i);
                if (outcome([&] {
                        if (e.ingest("boss", {record}).front().outcome == IngestOutcome::rejected)
                            throw Error(ErrorCode::internal, "rejected");
                    }) != kWon)
                    ++failed;
            }
            return failed;
        };
    };
    const auto failures = race_processes(
        c.factory.schema.name(),
        {ingester("web", [&](int i) { return std::vector<Identity>{phone(i), email(i)}; }),
         ingester("mini", [&](int i) { return std::vector<Identity>{email(i), unionid(i)}; })});
    CHECK(failures == std::vector<int>{0, 0});
    CHECK(c.engine->funnel("boss").leads == kPeople);
    for (int i = 0; i < kPeople; ++i) {
        CAPTURE(i);
        const auto by_phone = c.engine->find_lead("boss", phone(i));
        REQUIRE(by_phone);
        CHECK(c.engine->find_lead("boss", email(i))->id == by_phone->id);
        CHECK(c.engine->find_lead("boss", unionid(i))->id == by_phone->id);
    }
}

TEST_SUITE_END();
