// A sales team for the public-pool mechanics suites, on any store.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "engine_fixture.hpp"

namespace leadpool::testing {

// The quickstart company (boss; ann and bob running east and west) in the sales-led stage, with a
// market department (mo), a sales manager (sam) running pool "north", whose members are ann, bob,
// cy and dan; eve is a salesperson outside north.
template <typename Factory>
struct SalesTeam : Company<Factory> {
    PoolId north = 0;

    explicit SalesTeam(OrgStage stage = OrgStage::sales_led) : Company<Factory>(stage) {
        Engine& e = *this->engine;
        e.add_user("boss", User{"mo", "Mo", "market", {"market"}, true});
        e.add_user("boss", User{"sam", "Sam", "sales", {"sales_manager"}, true});
        for (const char* id : {"cy", "dan", "eve"})
            e.add_user("boss", User{id, id, "sales", {"salesperson"}, true});
        north =
            e.create_pool("boss", PoolSpec{"north", std::nullopt, {"sam"}, {"ann", "bob", "cy", "dan"}}).id;
    }

    Engine& engine_ref() { return *this->engine; }

    // A new lead of north at tier sub, held by `owner` (nobody by default).
    LeadId in_north(const std::string& phone, std::optional<UserId> owner = std::nullopt) {
        const LeadId id = this->capture(phone);
        this->engine->transition("boss", TransitionRequest::distribute(id, north, std::move(owner)));
        return id;
    }

    // `n` new unowned leads of north.
    std::vector<LeadId> many_in_north(int n, const std::string& prefix = "139") {
        std::vector<LeadId> ids;
        for (int i = 0; i < n; ++i) ids.push_back(in_north(prefix + std::to_string(10000000 + i)));
        return ids;
    }

    void settings(const PoolSettings& settings) { this->engine->set_pool_settings("boss", north, settings); }
};

// The owners of the leads, in the order given.
inline std::vector<UserId> owners_of(const AssignResult& result) {
    std::vector<UserId> owners;
    for (const auto& a : result.assigned) owners.push_back(a.owner);
    return owners;
}

}  // namespace leadpool::testing
