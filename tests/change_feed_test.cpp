// The change feed on every store (docs/design.md 7): one numbered change per committed change,
// in the same transaction; pages in the reader's scope; consumers; subscriptions; retention.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "pool_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;


namespace {

// Every change after `since` the actor may see, page by page.
std::vector<Change> all_changes(Engine& engine, const UserId& actor, ChangeQuery query = {}) {
    std::vector<Change> out;
    for (;;) {
        const ChangePage page = engine.changes(actor, query);
        out.insert(out.end(), page.changes.begin(), page.changes.end());
        if (page.next == page.last) return out;
        query.since = page.next;
    }
}

std::vector<std::string> kinds_of(const std::vector<Change>& changes) {
    std::vector<std::string> kinds;
    for (const Change& change : changes) kinds.push_back(change.kind);
    return kinds;
}

// Where replaying the lead changes leaves each lead.
struct Replayed {
    LeadPlace place;
    std::int64_t version = 0;
};

std::map<LeadId, Replayed> replay(const std::vector<Change>& changes) {
    std::map<LeadId, Replayed> leads;
    for (const Change& change : changes) {
        if (change.subject != ChangeSubject::lead) continue;
        leads[change.lead] = Replayed{change.after, change.version};
    }
    return leads;
}

template <typename Team>
void check_replay(Team& t) {
    Engine& e = *t.engine;
    const auto changes = all_changes(e, "boss");
    for (std::size_t i = 0; i < changes.size(); ++i) CHECK(changes[i].seq == static_cast<std::int64_t>(i) + 1);
    // Every lead the feed names ends where the feed says.
    const auto replayed = replay(changes);
    CHECK(!replayed.empty());
    for (const auto& [id, r] : replayed) {
        INFO("lead " << id);
        const Lead lead = e.lead("boss", id);
        if (lead.id != id) continue;  // absorbed: lead() answers with its holder
        CHECK(r.place == (LeadPlace{lead.tier, lead.pool, lead.owner}));
        CHECK(r.version == lead.version);
    }
}

}  // namespace

TEST_SUITE_BEGIN("change feed");

LEADPOOL_STORE_TEST_CASE("every committed change is in the feed, numbered without gaps, and replays") {
    SalesTeam<Factory> t;
    Engine& e = *t.engine;
    const auto org_changes = all_changes(e, "boss");
    REQUIRE(!org_changes.empty());
    CHECK(org_changes.front().kind == "initialized");
    CHECK(org_changes.front().subject == ChangeSubject::organisation);

    const LeadId a = t.capture("13800000001");
    const LeadId b = t.capture("13800000002");
    const LeadId c = t.capture("13800000003");
    e.transition("boss", TransitionRequest::distribute(a, t.north));
    e.claim("ann", a);
    e.follow_up("ann", a, FollowUp{ActivityKind::call, std::nullopt, "interested", ""});
    e.release("ann", a, "not mine");
    e.transition("boss", TransitionRequest::distribute(b, t.north));
    e.assign("sam", AssignRequest{t.north, {}, false});
    LeadUpdate update;
    update.attributes = R"({"city": "Ningbo"})";
    e.update_lead("boss", c, update);
    const MergeRecord merge = e.merge_leads("boss", b, c, "same person");
    e.unmerge("boss", merge.id, "not the same");
    e.define_workflow("boss", Workflow{"deal", {{"quote", {}}, {"contract", {}}}, {"crm"}});
    e.transition("boss", TransitionRequest::distribute(c, t.east, std::optional<UserId>("ann")));
    e.open_opportunity("ann", OpportunityRequest{c, "crm", 500, {}});
    e.advance_opportunity("ann", c, "contract");
    e.win_opportunity("ann", c, 700);
    e.transition_batch("boss", {TransitionRequest::invalidate(a, "spam"), TransitionRequest::restore(a)});

    const auto changes = all_changes(e, "boss");
    std::vector<std::string> kinds = kinds_of(changes);
    kinds.erase(kinds.begin(), kinds.begin() + static_cast<std::ptrdiff_t>(org_changes.size()));
    // Both unowned leads of north are assigned: a (released) and b.
    CHECK(kinds == std::vector<std::string>{"capture", "capture", "capture", "distribute", "claim",
                                            "follow_up", "release", "distribute", "assign", "assign",
                                            "update", "merge", "merge", "unmerge", "unmerge",
                                            "workflow_defined", "distribute", "qualify", "opportunity_opened",
                                            "opportunity_advanced", "advance", "win", "opportunity_won",
                                            "opportunity_changed", "invalidate", "restore"});
    const Change& claimed = changes[org_changes.size() + 4];
    CHECK(claimed.lead == a);
    CHECK(claimed.actor == "ann");
    CHECK(claimed.before == (LeadPlace{Tier::sub, t.north, ""}));
    CHECK(claimed.after == (LeadPlace{Tier::sub, t.north, "ann"}));
    check_replay(t);
}

LEADPOOL_STORE_TEST_CASE("routing, pool settings and workflows leave organisation history too") {
    SalesTeam<Factory> t;
    Engine& e = *t.engine;
    PoolSettings settings;
    settings.max_held = 3;
    t.settings(settings);
    RoutingTable table;
    table.default_pool = t.north;
    e.set_routing("boss", table);
    e.define_workflow("boss", Workflow{"deal", {{"quote", {}}}, {"crm"}});
    e.set_feed_settings("boss", FeedSettings{kDay});
    const auto history = e.org_history("boss");
    REQUIRE(history.size() >= 4);
    std::vector<OrgEventKind> last;
    for (std::size_t i = history.size() - 4; i < history.size(); ++i) last.push_back(history[i].kind);
    CHECK(last == std::vector<OrgEventKind>{OrgEventKind::pool_settings_changed, OrgEventKind::routing_changed,
                                            OrgEventKind::workflow_defined, OrgEventKind::feed_settings_changed});
    const auto changes = all_changes(e, "boss");
    CHECK(changes[changes.size() - 4].object == std::to_string(t.north));
    CHECK(changes.back().kind == "feed_settings_changed");
    CHECK(e.feed_settings() == FeedSettings{kDay});
}

LEADPOOL_STORE_TEST_CASE("an actor's feed holds what they may read now, nothing else") {
    SalesTeam<Factory> t;
    Engine& e = *t.engine;
    const LeadId mine = t.in_north("13800000001", std::string("ann"));
    const LeadId bobs = t.in_north("13800000002", std::string("bob"));
    const LeadId master = t.capture("13800000003");

    auto leads_in = [](const std::vector<Change>& changes) {
        std::set<LeadId> leads;
        for (const Change& change : changes) {
            CHECK(change.subject != ChangeSubject::organisation);
            leads.insert(change.lead);
        }
        return leads;
    };
    CHECK(leads_in(all_changes(e, "ann")) == std::set<LeadId>{mine});
    CHECK(leads_in(all_changes(e, "bob")) == std::set<LeadId>{bobs});
    const auto everything = all_changes(e, "boss");  // read_feed: every change
    CHECK(everything.back().lead == master);

    // Handed to bob, the lead leaves ann's feed, its past included.
    e.transition("sam", TransitionRequest::transfer(mine, t.north, std::string("bob")));
    CHECK(all_changes(e, "ann").empty());
    CHECK(leads_in(all_changes(e, "bob")) == (std::set<LeadId>{mine, bobs}));

    // A page that scanned only others' changes is empty but moves on.
    ChangeQuery query;
    query.limit = 1;
    const ChangePage page = e.changes("ann", query);
    CHECK(page.changes.empty());
    CHECK(page.next == page.last);
    CHECK(!page.pruned);
}

LEADPOOL_STORE_TEST_CASE("filters: kind, lead, pool subtree and owner") {
    SalesTeam<Factory> t;
    Engine& e = *t.engine;
    const PoolId below = e.create_pool("boss", PoolSpec{"north-2", t.north, {"sam"}, {"cy"}}).id;
    const LeadId up = t.in_north("13800000001", std::string("ann"));
    const LeadId down = t.capture("13800000002");
    e.transition("boss", TransitionRequest::distribute(down, below, std::string("cy")));
    const LeadId elsewhere = t.capture("13800000003");

    ChangeQuery query;
    query.filter.kinds = {"distribute"};
    CHECK(kinds_of(all_changes(e, "boss", query)) == std::vector<std::string>{"distribute", "distribute"});
    query.filter = {};
    query.filter.pool = t.north;
    std::set<LeadId> in_north;
    for (const Change& change : all_changes(e, "boss", query)) in_north.insert(change.lead);
    CHECK(in_north == (std::set<LeadId>{up, down}));
    query.filter = {};
    query.filter.owner = "cy";
    for (const Change& change : all_changes(e, "boss", query)) CHECK(change.lead == down);
    query.filter = {};
    query.filter.lead = elsewhere;
    CHECK(kinds_of(all_changes(e, "boss", query)) == std::vector<std::string>{"capture"});

    query.filter = {};
    query.filter.kinds = {"teleport"};
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.changes("boss", query));
    query.filter = {};
    query.filter.pool = 999;
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.changes("boss", query));
}

LEADPOOL_STORE_TEST_CASE("bad feed input gets its own error and changes nothing") {
    Company<Factory> t;
    Engine& e = *t.engine;
    ChangeQuery query;
    query.since = -1;
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.changes("boss", query));
    query.since = e.changes("boss", {}).last + 1;
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.changes("boss", query));
    query = {};
    query.limit = 0;
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.changes("boss", query));
    query.limit = kMaxPageSize + 1;
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::limit_exceeded, e.changes("boss", query));
    query = {};
    query.consumer = "nobody";
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.changes("boss", query));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.ack("boss", "nobody", 1));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.add_consumer("boss", "", 0));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.add_consumer("boss", std::string("a\0b", 3), 0));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::limit_exceeded, e.add_consumer("boss", std::string(5000, 'x'), 0));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.add_consumer("boss", "crm", -1));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.add_consumer("boss", "crm", 1 << 30));
    e.add_consumer("boss", "crm");
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::conflict, e.add_consumer("boss", "crm"));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.ack("boss", "crm", -5));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.ack("boss", "crm", 1 << 30));
    query = {};
    query.consumer = "crm";
    query.since = 1;
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.changes("boss", query));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.set_feed_settings("boss", FeedSettings{-1}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.set_feed_settings("ann", FeedSettings{kDay}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.changes("nobody", {}));
    CHECK_THROWS_AS(e.subscribe("nobody", {}, [](const std::vector<Change>&) {}), Error);
    CHECK_THROWS_AS(e.subscribe("boss", {}, nullptr), Error);
    CHECK_THROWS_AS(e.wait_for_changes(-1, std::chrono::milliseconds(0)), Error);
    // A refused operation adds no change.
    const std::int64_t last = e.changes("boss", {}).last;
    CHECK_THROWS_AS(e.transition("boss", TransitionRequest::win(999)), Error);
    CHECK(e.changes("boss", {}).last == last);
}

LEADPOOL_STORE_TEST_CASE("a consumer resumes from its last ack, and only its owner moves it") {
    Company<Factory> t;
    Engine& e = *t.engine;
    const std::int64_t start = e.changes("boss", {}).last;
    const FeedConsumer added = e.add_consumer("ann", "ann-phone", start);
    CHECK(added.owner == "ann");
    CHECK(added.position == start);
    const LeadId lead = t.capture("13800000001");
    e.transition("boss", TransitionRequest::distribute(lead, t.east, std::string("ann")));

    ChangeQuery query;
    query.consumer = "ann-phone";
    ChangePage page = e.changes("ann", query);
    REQUIRE(page.changes.size() == 2);
    CHECK(page.changes[0].kind == "capture");
    e.ack("ann", "ann-phone", page.changes[0].seq);
    // After a restart (where the store outlives the engine), from where it was.
    if (t.factory.persistent()) t.reopen();
    Engine& again = *t.engine;
    page = again.changes("ann", query);
    REQUIRE(page.changes.size() == 1);
    CHECK(page.changes[0].kind == "distribute");
    CHECK(again.ack("ann", "ann-phone", page.changes[0].seq).position == page.changes[0].seq);
    CHECK(again.ack("ann", "ann-phone", 1).position == page.changes[0].seq);  // never back
    CHECK(again.changes("ann", query).changes.empty());

    // Another's consumer is, to bob, no consumer; the director (read_feed) sees and moves all.
    LP_CHECK_REFUSED_UNCHANGED(again, ErrorCode::not_found, again.ack("bob", "ann-phone", 1));
    LP_CHECK_REFUSED_UNCHANGED(again, ErrorCode::not_found, again.consumer("bob", "ann-phone"));
    CHECK(again.consumers("bob").empty());
    CHECK(again.consumers("boss").size() == 1);
    CHECK(again.consumer("boss", "ann-phone").position == page.changes[0].seq);
}

LEADPOOL_STORE_TEST_CASE("subscribers hear of each commit, in order, in their scope") {
    SalesTeam<Factory> t;
    Engine& e = *t.engine;
    std::vector<Change> heard_by_boss;
    std::vector<Change> heard_by_ann;
    const SubscriptionId boss = e.subscribe("boss", {}, [&](const std::vector<Change>& changes) {
        heard_by_boss.insert(heard_by_boss.end(), changes.begin(), changes.end());
    });
    ChangeFilter claims;
    claims.kinds = {"claim", "capture"};
    e.subscribe("ann", claims, [&](const std::vector<Change>& changes) {
        heard_by_ann.insert(heard_by_ann.end(), changes.begin(), changes.end());
    });
    const std::int64_t before = e.changes("boss", {}).last;
    const LeadId lead = t.in_north("13800000001");
    e.claim("ann", lead);
    t.in_north("13800000002", std::string("bob"));

    REQUIRE(heard_by_boss.size() == 5);  // capture, distribute, claim, capture, distribute
    for (std::size_t i = 0; i < heard_by_boss.size(); ++i) {
        CHECK(heard_by_boss[i].seq == before + static_cast<std::int64_t>(i) + 1);
    }
    // Ann hears her claim; the capture of the lead she could not read then is not hers to hear.
    CHECK(kinds_of(heard_by_ann) == std::vector<std::string>{"claim"});

    // A callback may write: its changes are delivered after the ones under way.
    std::vector<std::int64_t> order;
    bool followed_up = false;
    const SubscriptionId writer = e.subscribe("boss", claims, [&](const std::vector<Change>& changes) {
        for (const Change& change : changes) order.push_back(change.seq);
        if (!followed_up) {
            followed_up = true;
            e.capture("boss", phone_lead("13800000009"));
        }
    });
    t.capture("13800000005");
    REQUIRE(order.size() == 2);
    CHECK(order[1] == order[0] + 1);

    CHECK(e.unsubscribe(writer));
    CHECK(!e.unsubscribe(writer));
    CHECK(e.unsubscribe(boss));
    const std::size_t heard = heard_by_boss.size();
    t.capture("13800000006");
    CHECK(heard_by_boss.size() == heard);
}

LEADPOOL_STORE_TEST_CASE("concurrent writers are heard in sequence order") {
    Company<Factory> t;
    Engine& e = *t.engine;
    std::vector<std::int64_t> heard;
    e.subscribe("boss", {}, [&](const std::vector<Change>& changes) {
        for (const Change& change : changes) heard.push_back(change.seq);
    });
    std::vector<std::thread> writers;
    for (int w = 0; w < 2; ++w) {
        writers.emplace_back([&, w] {
            for (int i = 0; i < 20; ++i) e.capture("boss", phone_lead(std::to_string(13900000000LL + w * 1000 + i)));
        });
    }
    for (auto& writer : writers) writer.join();
    REQUIRE(heard.size() == 40);
    for (std::size_t i = 1; i < heard.size(); ++i) CHECK(heard[i] == heard[i - 1] + 1);
}

LEADPOOL_STORE_TEST_CASE("wait_for_changes wakes on a commit and times out without one") {
    Company<Factory> t;
    Engine& e = *t.engine;
    const std::int64_t last = e.changes("boss", {}).last;
    CHECK(!e.wait_for_changes(last, std::chrono::milliseconds(30)));
    CHECK(e.wait_for_changes(last - 1, std::chrono::milliseconds(0)));
    std::thread writer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        t.capture("13800000001");
    });
    CHECK(e.wait_for_changes(last, std::chrono::seconds(10)));
    writer.join();
}

LEADPOOL_STORE_TEST_CASE("maintain prunes changes past the retention, and readers learn of the gap") {
    Company<Factory> t;
    Engine& e = *t.engine;
    t.capture("13800000001");
    const std::int64_t old_last = e.changes("boss", {}).last;
    e.set_feed_settings("boss", FeedSettings{kDay});
    t.clock->advance(2 * kDay);
    t.capture("13800000002");
    const MaintenanceReport report = e.maintain("boss");
    CHECK(report.pruned_changes == old_last + 1);  // everything before the capture of today
    const ChangePage page = e.changes("boss", {});
    CHECK(page.pruned);
    REQUIRE(!page.changes.empty());
    CHECK(page.changes.front().seq == old_last + 2);
    ChangeQuery later;
    later.since = old_last + 1;
    CHECK(!e.changes("boss", later).pruned);
}

TEST_SUITE_END();
