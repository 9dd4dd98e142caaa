// The pipeline view: opportunities across leads, filtered by workflow, step, status, the lead's
// owner and pool and the amount, paged by (lead, number), within what the actor may read — on
// every store.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "pool_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;

namespace {

using Key = std::pair<LeadId, std::int64_t>;

std::vector<Key> keys_of(const OpportunityPage& page) {
    std::vector<Key> out;
    for (const Opportunity& o : page.opportunities) out.emplace_back(o.lead, o.number);
    return out;
}

// Leads of north and of its sub pool north-east, each with an open, won or advanced opportunity
// on one of two workflows; ann holds three, bob two.
template <typename Factory>
struct PipelineTeam : SalesTeam<Factory> {
    PoolId north_east = 0;
    LeadId a = 0, b = 0, c = 0, d = 0, ne = 0;

    PipelineTeam() {
        Engine& e = this->engine_ref();
        e.define_workflow("boss", Workflow{"machine sale", {{"contact", {}}, {"demo", {}}}, {"lathe"}});
        e.define_workflow("boss", Workflow{"service", {{"visit", {}}, {"report", {}}}, {"repair"}});
        north_east = e.create_pool("boss", PoolSpec{"north-east", this->north, {"sam"}, {"ann"}}).id;
        a = this->in_north("13800000001", "ann");
        b = this->in_north("13800000002", "ann");
        c = this->in_north("13800000003", "bob");
        d = this->in_north("13800000004", "bob");
        ne = this->capture("13800000005");
        e.transition("boss", TransitionRequest::distribute(ne, north_east, UserId("ann")));
        e.open_opportunity("ann", OpportunityRequest{a, "lathe", 120000, {}});
        e.open_opportunity("ann", OpportunityRequest{b, "repair", 5000, {}});
        e.open_opportunity("bob", OpportunityRequest{c, "lathe", 80000, {}});
        e.open_opportunity("bob", OpportunityRequest{d, "lathe", 30000, {}});
        e.open_opportunity("ann", OpportunityRequest{ne, "repair", 7000, {}});
        e.advance_opportunity("bob", d, "demo");
        e.win_opportunity("bob", c);
    }
};

}  // namespace

TEST_SUITE_BEGIN("workflows");

LEADPOOL_STORE_TEST_CASE("the pipeline lists opportunities across leads by workflow, step, status, owner, pool and amount") {
    PipelineTeam<Factory> t;
    Engine& e = t.engine_ref();
    const auto list = [&](const OpportunityFilter& filter, const UserId& actor = "boss") {
        return keys_of(e.opportunities(actor, filter));
    };
    const Key a{t.a, 1}, b{t.b, 1}, c{t.c, 1}, d{t.d, 1}, ne{t.ne, 1};
    CHECK(list({}) == std::vector<Key>{a, b, c, d, ne});

    OpportunityFilter machines;
    machines.workflow = "machine sale";
    CHECK(list(machines) == std::vector<Key>{a, c, d});
    OpportunityFilter at_demo = machines;
    at_demo.step = "demo";
    CHECK(list(at_demo) == std::vector<Key>{d});
    OpportunityFilter won;
    won.status = OpportunityStatus::won;
    CHECK(list(won) == std::vector<Key>{c});
    OpportunityFilter open;
    open.status = OpportunityStatus::open;
    CHECK(list(open) == std::vector<Key>{a, b, d, ne});
    OpportunityFilter bobs;
    bobs.owner = "bob";
    CHECK(list(bobs) == std::vector<Key>{c, d});
    OpportunityFilter mid;
    mid.amount_min = 7000;
    mid.amount_max = 80000;
    CHECK(list(mid) == std::vector<Key>{c, d, ne});
    OpportunityFilter in_north;
    in_north.pool = t.north;  // with its sub pool
    CHECK(list(in_north) == std::vector<Key>{a, b, c, d, ne});
    OpportunityFilter in_north_east;
    in_north_east.pool = t.north_east;
    CHECK(list(in_north_east) == std::vector<Key>{ne});
    OpportunityFilter open_services = open;
    open_services.workflow = "service";
    open_services.owner = "ann";
    CHECK(list(open_services) == std::vector<Key>{b, ne});

    // The page's opportunities are whole: as the per-lead read gives them.
    const OpportunityPage page = e.opportunities("boss", won);
    REQUIRE(page.opportunities.size() == 1);
    CHECK(to_json(page.opportunities.front()) == to_json(e.opportunities("boss", t.c).front()));
}

LEADPOOL_STORE_TEST_CASE("a salesperson's pipeline holds the opportunities of their own leads only") {
    PipelineTeam<Factory> t;
    Engine& e = t.engine_ref();
    const Key a{t.a, 1}, b{t.b, 1}, c{t.c, 1}, d{t.d, 1}, ne{t.ne, 1};
    CHECK(keys_of(e.opportunities("ann", OpportunityFilter{})) == std::vector<Key>{a, b, ne});
    CHECK(keys_of(e.opportunities("bob", OpportunityFilter{})) == std::vector<Key>{c, d});
    // Naming another's leads filters nothing in: the scope holds whatever the filter says.
    OpportunityFilter bobs;
    bobs.owner = "bob";
    CHECK(e.opportunities("ann", bobs).opportunities.empty());
    // The sales manager of north reads every lead of north and below.
    CHECK(keys_of(e.opportunities("sam", OpportunityFilter{})) == std::vector<Key>{a, b, c, d, ne});
}

LEADPOOL_STORE_TEST_CASE("the pipeline pages by (lead, number) and a reactivated lead's opportunities stay in order") {
    PipelineTeam<Factory> t;
    Engine& e = t.engine_ref();
    // d is lost, reactivated and qualified again: its second opportunity follows its first.
    e.transition("bob", TransitionRequest::lose(t.d, "went with a rival"));
    e.transition("sam", TransitionRequest::reactivate(t.d, t.north, UserId("bob")));
    e.open_opportunity("bob", OpportunityRequest{t.d, "repair", 900, {}});
    const std::vector<Key> all{{t.a, 1}, {t.b, 1}, {t.c, 1}, {t.d, 1}, {t.d, 2}, {t.ne, 1}};
    CHECK(keys_of(e.opportunities("boss", OpportunityFilter{})) == all);

    for (const std::size_t limit : {1, 2, 4, 6}) {
        CAPTURE(limit);
        std::vector<Key> paged;
        OpportunityPageRequest request;
        request.limit = limit;
        for (int pages = 0; pages < 10; ++pages) {
            const OpportunityPage page = e.opportunities("boss", OpportunityFilter{}, request);
            CHECK(page.opportunities.size() <= limit);
            const auto keys = keys_of(page);
            paged.insert(paged.end(), keys.begin(), keys.end());
            if (!page.next_cursor) break;
            CHECK(*page.next_cursor == OpportunityCursor{keys.back().first, keys.back().second});
            request.after = page.next_cursor;
        }
        CHECK(paged == all);
    }
    // A change to an opportunity does not move it: the cursor still continues right after it.
    OpportunityPageRequest two;
    two.limit = 2;
    const OpportunityPage first = e.opportunities("boss", OpportunityFilter{}, two);
    e.advance_opportunity("ann", t.b, "report");
    two.after = first.next_cursor;
    CHECK(keys_of(e.opportunities("boss", OpportunityFilter{}, two)) == std::vector<Key>{{t.c, 1}, {t.d, 1}});
}

LEADPOOL_STORE_TEST_CASE("a bad pipeline filter or page is refused naming its field") {
    PipelineTeam<Factory> t;
    Engine& e = t.engine_ref();
    const auto list = [&](const OpportunityFilter& filter, const OpportunityPageRequest& page = {}) {
        e.opportunities("boss", filter, page);
    };
    OpportunityFilter negative;
    negative.amount_min = -1;
    CHECK(refusal(e, ErrorCode::invalid_argument, [&] { list(negative); }).find("amount_min") != std::string::npos);
    OpportunityFilter negative_max;
    negative_max.amount_max = -5;
    CHECK(refusal(e, ErrorCode::invalid_argument, [&] { list(negative_max); }).find("amount_max") !=
          std::string::npos);
    OpportunityFilter crossed;
    crossed.amount_min = 10;
    crossed.amount_max = 9;
    CHECK(refusal(e, ErrorCode::invalid_argument, [&] { list(crossed); }).find("amount_min 10 is over amount_max 9") !=
          std::string::npos);
    OpportunityFilter not_text;
    not_text.workflow = std::string("a\0b", 3);
    CHECK(refusal(e, ErrorCode::invalid_argument, [&] { list(not_text); }).find("workflow") != std::string::npos);
    OpportunityFilter no_pool;
    no_pool.pool = 999;
    CHECK(refusal(e, ErrorCode::not_found, [&] { list(no_pool); }).find("999") != std::string::npos);

    for (const std::size_t limit : {std::size_t{0}, kMaxPageSize + 1}) {
        OpportunityPageRequest page;
        page.limit = limit;
        CHECK(refusal(e, ErrorCode::invalid_argument, [&] { list({}, page); }).find("limit") != std::string::npos);
    }
    for (const OpportunityCursor cursor : {OpportunityCursor{0, 1}, OpportunityCursor{1, 0}}) {
        OpportunityPageRequest page;
        page.after = cursor;
        CHECK(refusal(e, ErrorCode::invalid_argument, [&] { list({}, page); }).find("after") != std::string::npos);
    }
    // An actor who is not an active user reads nothing.
    CHECK(refusal(e, ErrorCode::permission_denied, [&] { e.opportunities("nobody", OpportunityFilter{}); }) != "");
}

TEST_SUITE_END();
