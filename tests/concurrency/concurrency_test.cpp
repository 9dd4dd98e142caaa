// Several threads on one engine, and several processes on one SQLite file: no update is lost,
// readers see consistent snapshots, and no error surfaces that the library should absorb.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "../engine_fixture.hpp"
#include "writer_process.hpp"

using namespace leadpool;
using namespace leadpool::testing;

#define STORES LEADPOOL_TEST_STORES

namespace {

constexpr int kThreads = 4;
constexpr int kSteps = 40;

// While writers run: leads only ever grow, so each funnel counts no fewer than the one before and
// no more than the list read after it; and no read fails.
struct Reader {
    std::atomic<bool> stop{false};
    std::atomic<int> failures{0};
    std::atomic<int> reads{0};
    std::thread thread;

    explicit Reader(Engine& engine)
        : thread([this, &engine] {
              std::int64_t seen = 0;
              while (!stop.load() || reads.load() == 0) {
                  try {
                      const FunnelReport funnel = engine.funnel("boss");
                      PageRequest page;
                      page.limit = kMaxPageSize;
                      const auto listed = engine.leads("boss", {}, page).leads.size();
                      if (funnel.leads < seen || listed < static_cast<std::size_t>(funnel.leads)) {
                          ++failures;
                      }
                      seen = funnel.leads;
                      ++reads;
                  } catch (const std::exception&) {
                      ++failures;
                  }
              }
          }) {}
    void finish() {
        stop = true;
        thread.join();
    }
};

// Every writer's captures are there and the shared lead carries every tag: one history row and
// one version per change.
template <typename Names>
void check_nothing_lost(Engine& engine, const Names& names, int steps) {
    const Lead shared = engine.lead("boss", kSharedLead);
    CHECK(shared.tags.size() == names.size() * static_cast<std::size_t>(steps));
    CHECK(shared.version == 1 + static_cast<std::int64_t>(names.size()) * steps);
    CHECK(engine.history("boss", kSharedLead).size() == static_cast<std::size_t>(shared.version));
    for (const std::string& name : names) {
        for (int i = 0; i < steps; ++i) {
            CHECK(engine.find_lead("boss", writer_input(name, i).identities.front()));
            CHECK(std::binary_search(shared.tags.begin(), shared.tags.end(), writer_tag(name, i)));
        }
    }
    CHECK(engine.funnel("boss").leads == 1 + static_cast<std::int64_t>(names.size()) * steps);
}

}  // namespace

TEST_CASE_TEMPLATE("threads sharing one engine lose no update", Factory, STORES) {
    Company<Factory> c;
    Engine& e = *c.engine;
    REQUIRE(c.capture("13800000000") == kSharedLead);
    Reader reader(e);
    std::vector<std::string> names;
    std::vector<std::thread> writers;
    std::atomic<int> errors{0};
    for (int t = 0; t < kThreads; ++t) names.push_back("thread" + std::to_string(t));
    for (const std::string& name : names) {
        writers.emplace_back([&e, &errors, name] {
            for (int i = 0; i < kSteps; ++i) {
                try {
                    e.capture("boss", writer_input(name, i));
                    e.update_lead("boss", kSharedLead, LeadUpdate{"{}", {writer_tag(name, i)}, {}, 0});
                } catch (const std::exception&) {
                    ++errors;
                }
            }
        });
    }
    for (auto& writer : writers) writer.join();
    reader.finish();
    CHECK(errors == 0);
    CHECK(reader.failures == 0);
    check_nothing_lost(e, names, kSteps);
}

TEST_CASE_TEMPLATE("racing moves of one lead: exactly one wins each step, the rest see a conflict", Factory,
                   STORES) {
    Company<Factory> c;
    Engine& e = *c.engine;
    const LeadId id = c.capture("13800000001");
    e.transition("boss", TransitionRequest::distribute(id, c.east, "ann"));
    const std::int64_t version = c.lead(id).version;
    std::atomic<int> won{0};
    std::atomic<int> conflicts{0};
    std::vector<std::thread> racers;
    for (int t = 0; t < kThreads; ++t) {
        racers.emplace_back([&] {
            TransitionRequest qualify = TransitionRequest::qualify(id);
            qualify.expected_version = version;
            try {
                e.transition("boss", qualify);
                ++won;
            } catch (const Error& error) {
                if (error.code() == ErrorCode::conflict || error.code() == ErrorCode::illegal_transition)
                    ++conflicts;
            }
        });
    }
    for (auto& racer : racers) racer.join();
    CHECK(won == 1);
    CHECK(conflicts == kThreads - 1);
    CHECK(e.history("boss", id).size() == 3);
}

TEST_CASE("processes writing one SQLite file while another reads it lose no update") {
    Company<SqliteStoreFactory> c;
    REQUIRE(c.capture("13800000000") == kSharedLead);
    Reader reader(*c.engine);
    const std::vector<std::string> names = {"process0", "process1"};
    std::vector<int> pids;
    for (const std::string& name : names) {
        pids.push_back(spawn_writer("/proc/self/exe", c.factory.file.path(), name, kSteps));
        REQUIRE(pids.back() > 0);
    }
    for (int pid : pids) CHECK(wait_writer(pid) == 0);
    reader.finish();
    CHECK(reader.failures == 0);
    check_nothing_lost(*c.engine, names, kSteps);
}
