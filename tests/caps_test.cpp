// A member's cap in a sub pool holds on every path that hands them a lead — claim, distribute,
// transfer, reactivate, alone or in a batch, and assignment — and only a manager passes it, with a
// reason the history row keeps — on every store.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "pool_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;


namespace {

// ann holds two leads of north, whose cap is two; `free` are unowned leads of north.
template <typename Factory>
struct AtCap : SalesTeam<Factory> {
    std::vector<LeadId> free;
    std::string full;  // the refusal's statement of ann's count and cap

    AtCap() {
        this->in_north("13900000001", "ann");
        this->in_north("13900000002", "ann");
        free = this->many_in_north(3);
        PoolSettings settings;
        settings.max_held = 2;
        this->settings(settings);
        full = "'ann' holds 2 leads in pool " + std::to_string(this->north) + ", max_held is 2";
    }
};

TransitionRequest over_cap(TransitionRequest request, std::string reason) {
    request.over_cap_reason = std::move(reason);
    return request;
}

}  // namespace

TEST_SUITE_BEGIN("caps");

LEADPOOL_STORE_TEST_CASE("every move that hands an owner a lead at their cap is refused with the count and the cap") {
    AtCap<Factory> t;
    Engine& e = t.engine_ref();

    CHECK(refusal(e, ErrorCode::limit_exceeded, [&] { e.claim("ann", t.free[0]); }).find(t.full) !=
          std::string::npos);
    CHECK(refusal(e, ErrorCode::limit_exceeded, [&] {
              e.transition("sam", TransitionRequest::transfer(t.free[0], std::nullopt, "ann"));
          }).find(t.full) != std::string::npos);
    const LeadId master = t.capture("13800000001");
    CHECK(refusal(e, ErrorCode::limit_exceeded, [&] {
              e.transition("boss", TransitionRequest::distribute(master, t.north, "ann"));
          }).find(t.full) != std::string::npos);
    const LeadId lost = t.in_north("13800000002", "bob");
    e.transition("bob", TransitionRequest::qualify(lost));
    e.transition("bob", TransitionRequest::lose(lost, "no budget"));
    CHECK(refusal(e, ErrorCode::limit_exceeded, [&] {
              e.transition("boss", TransitionRequest::reactivate(lost, t.north, "ann"));
          }).find(t.full) != std::string::npos);
    // Another pool has its own count: a transfer there is no place taken in north.
    const LeadId held = e.leads("boss", LeadFilter{Tier::sub, t.north, "ann"}).leads.front().id;
    CHECK(e.transition("boss", TransitionRequest::transfer(held, t.east, "ann")).owner == "ann");
    // A lead that leaves tier sub leaves the count: ann may take one more.
    CHECK(e.claim("ann", t.free[0]).owner == "ann");
}

LEADPOOL_STORE_TEST_CASE("a batch counts the leads it hands over itself") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    t.in_north("13900000001", "ann");
    const std::vector<LeadId> free = t.many_in_north(3);
    PoolSettings settings;
    settings.capacity = {{"ann", 2}};  // her own capacity instead of max_held
    t.settings(settings);
    std::vector<TransitionRequest> batch;
    for (LeadId id : free) batch.push_back(TransitionRequest::transfer(id, std::nullopt, "ann"));

    const std::string message =
        refusal(e, ErrorCode::limit_exceeded, [&] { e.transition_batch("sam", batch); });
    CHECK(message.find("transition batch item 1: ") != std::string::npos);
    CHECK(message.find("'ann' holds 2 leads in pool " + std::to_string(t.north) + ", their capacity is 2") !=
          std::string::npos);

    batch.resize(1);  // the one lead she has room for
    CHECK(e.transition_batch("sam", batch).front().owner == "ann");
    CHECK(e.leads("boss", LeadFilter{Tier::sub, t.north, "ann"}).leads.size() == 2);
}

LEADPOOL_STORE_TEST_CASE("a manager passes a cap only with a reason, which the history row keeps") {
    AtCap<Factory> t;
    Engine& e = t.engine_ref();
    const TransitionRequest to_ann = TransitionRequest::transfer(t.free[0], std::nullopt, "ann");

    // A blank reason is no reason.
    refusal(e, ErrorCode::limit_exceeded, [&] { e.transition("sam", over_cap(to_ann, " \t")); });
    // A transfer right that reaches the pool only as its member is no manager's: with a policy
    // that lets salespeople transfer within their pools, cy still may not pass ann's cap.
    Policy policy = e.policy(OrgStage::sales_led);
    policy.roles["salesperson"].push_back(Grant{{Action::transfer}, tier_mask({Tier::sub}), Scope::member_pools});
    e.set_policy("boss", OrgStage::sales_led, policy);
    const std::string denied = refusal(e, ErrorCode::permission_denied,
                                       [&] { e.transition("cy", over_cap(to_ann, "she asked")); });
    CHECK(denied.find(t.full) != std::string::npos);
    CHECK(denied.find("only a manager") != std::string::npos);

    // sam manages north; the director reaches every pool.
    const Lead passed = e.transition("sam", over_cap(to_ann, "covering for bob"));
    CHECK(passed.owner == "ann");
    const HistoryEntry row = e.history("boss", passed.id).back();
    CHECK(row.action == Action::transfer);
    CHECK(row.to_owner == "ann");
    CHECK(nlohmann::json::parse(row.detail) ==
          nlohmann::json{{"over_cap", {{"owner", "ann"}, {"held", 2}, {"cap", 2}, {"reason", "covering for bob"}}}});
    const Lead master = e.lead("boss", t.capture("13800000001"));
    e.transition("boss", over_cap(TransitionRequest::distribute(master.id, t.north, "ann"), "key account"));
    CHECK(nlohmann::json::parse(e.history("boss", master.id).back().detail)["over_cap"]["held"] == 3);

    // With room, the reason is not needed and not recorded.
    const Lead roomy = e.transition("sam", over_cap(TransitionRequest::transfer(t.free[1], std::nullopt, "bob"),
                                                    "unneeded"));
    CHECK(e.history("boss", roomy.id).back().detail == "{}");
}

LEADPOOL_STORE_TEST_CASE("assignment never passes a cap, and a claim has no override") {
    AtCap<Factory> t;
    Engine& e = t.engine_ref();
    const AssignResult result = e.assign("sam", AssignRequest{t.north, {}, false});
    CHECK(result.assigned.size() == t.free.size());
    for (const Assignment& a : result.assigned) CHECK(a.owner != "ann");
    // A claim is the claimant's own: no reason lets it pass the cap.
    const LeadId more = t.in_north("13800000009");
    CHECK(refusal(e, ErrorCode::limit_exceeded, [&] { e.claim("ann", more); }).find(t.full) != std::string::npos);
}

TEST_SUITE_END();
