// Store conformance, part of <leadpool/testing/store_conformance.hpp>: the public-pool mechanics —
// opportunities, idle leads and bulk owner changes.
#pragma once

#include "leadpool/testing/store_conformance/scenario.hpp"
#include "leadpool/testing/store_conformance/selections.hpp"

namespace leadpool::conformance {

inline void check_opportunities(Store& store) {
    Scenario s = seed(store);
    Opportunity first = existing_opportunity(s.existing, s.east);
    Opportunity second = first;
    second.number = 2;
    second.owner = MainOwner{"ann", std::nullopt};
    second.collaborators.clear();
    commit(store, [&](StoreWriter& w) {
        w.put_opportunity(second);  // by number, whatever the order of writing
        w.put_opportunity(first);
    });
    CHECK(render(store.read()->opportunities(s.existing)) == render(std::vector<Opportunity>{first, second}));

    // Same lead and number: replaced.
    first.status = OpportunityStatus::won;
    first.closed_at = kStart + kDay;
    first.order_amount = 118000;
    first.step = "delivery";
    first.collaborators.push_back({"bob", "delivery", kStart + kDay});
    second.status = OpportunityStatus::lost;
    second.lost_reason = "price";
    {
        auto w = store.write();
        w->put_opportunity(first);
        w->put_opportunity(second);
        CHECK(render(w->opportunities(s.existing)) == render(std::vector<Opportunity>{first, second}));
        w->commit();
    }
    auto r = store.read();
    CHECK(render(r->opportunities(s.existing)) == render(std::vector<Opportunity>{first, second}));
    CHECK(r->opportunities(s.existing + 1).empty());
}

// Leads of `pool` at `tiers` held by someone, idle since before `before` (the reference for
// idle_leads).
inline std::string reference_idle(const std::vector<Lead>& all, PoolId pool, TierMask tiers,
                                  Timestamp before) {
    std::vector<Lead> out;
    for (const auto& lead : all) {
        if (lead.pool == pool && (tiers & tier_bit(lead.tier)) && !lead.owner.empty() &&
            lead.last_activity_at < before) {
            out.push_back(lead);
        }
    }
    return render(out);
}

inline void check_idle_leads(Store& store) {
    PoolId east = 0, west = 0;
    std::vector<Lead> all;
    auto add_leads = [&](StoreWriter& w, int from, int to) {
        for (int i = from; i < to; ++i) {
            Lead lead = simple_lead(std::to_string(500 + i));
            lead.pool = i % 3 == 0 ? west : east;
            lead.tier = i % 4 == 0 ? Tier::opportunity : i % 5 == 0 ? Tier::order : Tier::sub;
            lead.reached |= tier_bit(Tier::sub) | tier_bit(lead.tier);
            lead.owner = i % 2 == 0 ? "ann" : i % 7 == 0 ? "" : "bob";
            lead.last_activity_at = kStart + (i % 6) * kDay;
            lead.tags = {"t" + std::to_string(i % 2)};
            all.push_back(as_stored(lead, w.insert_lead(lead)));
        }
    };
    commit(store, [&](StoreWriter& w) {
        east = w.insert_pool(east_pool(0));
        west = w.insert_pool(Pool{0, "west", std::nullopt, {}, {}});
        add_leads(w, 0, 20);
    });
    auto check = [&](StoreReader& reader) {
        for (const PoolId pool : {east, west}) {
            for (const TierMask tiers :
                 {tier_bit(Tier::sub), tier_bit(Tier::opportunity),
                  static_cast<TierMask>(tier_bit(Tier::sub) | tier_bit(Tier::opportunity))}) {
                for (const Timestamp before : {kStart, kStart + 1, kStart + 3 * kDay, kStart + 6 * kDay}) {
                    CAPTURE(pool);
                    CAPTURE(int(tiers));
                    CAPTURE(before);
                    CHECK(render(reader.idle_leads(pool, tiers, before)) ==
                          reference_idle(all, pool, tiers, before));
                }
            }
        }
    };
    check(*store.read());
    auto w = store.write();
    add_leads(*w, 20, 30);
    check(*w);  // the writer's own leads too
}

inline void check_set_owners(Store& store) {
    Scenario s = seed(store);
    LeadId other = 0;
    commit(store, [&](StoreWriter& w) { other = w.insert_lead(simple_lead("300")); });
    Lead existing = as_stored(existing_lead(), s.existing);
    Lead second = as_stored(simple_lead("300"), other);
    const Timestamp at = kStart + kDay;
    {
        auto w = store.write();
        const std::vector<std::int64_t> versions = w->set_owners({{other, "bob"}, {s.existing, "zoe"}}, at);
        existing.owner = "zoe";
        existing.version += 1;
        second.owner = "bob";
        second.version += 1;
        for (Lead* lead : {&existing, &second}) lead->updated_at = lead->last_activity_at = at;
        CHECK(versions == std::vector<std::int64_t>{second.version, existing.version});  // in the order given
        CHECK(render(w->lead(s.existing)) == render(existing));
        w->commit();
    }
    auto r = store.read();
    CHECK(render(r->lead(s.existing)) == render(existing));
    CHECK(render(r->lead(other)) == render(second));
    LeadSelection owned_by_bob = everything();
    owned_by_bob.owner = "bob";
    CHECK(ids(r->leads(owned_by_bob, 0, kNoLimit)) == std::to_string(other));
    r.reset();

    const std::string before = observe(*store.read(), s.probe());
    CHECK(error_in_writer(store, [&](StoreWriter& w) {
              w.set_owners({{s.existing, "bob"}, {other + 100, "bob"}}, at + 1);
          }) == "not_found");
    CHECK(error_in_writer(store, [&](StoreWriter& w) {
              w.set_owners({{s.existing, "bob"}, {other, "ann"}, {s.existing, "ann"}}, at + 1);
          }) == "invalid_argument");
    CHECK(observe(*store.read(), s.probe()) == before);
    CHECK(render(store.read()->lead(other)) == render(second));
}

// Bulk owner changes keep lists and the funnel exact, absorbed leads (in no cell) included.
inline void check_funnel_after_set_owners(Store& store) {
    Dataset d = dataset_pools(store);
    commit(store, [&](StoreWriter& w) { add_dataset_leads(w, d, 0, kDatasetSize); });
    std::vector<LeadId> all;
    for (const auto& [id, lead] : d.leads) all.push_back(id);
    commit(store, [&](StoreWriter& w) {
        for (std::size_t i = 1; i < all.size(); i += 5) set_merged_into(w, d, all[i], all[0]);
    });
    const char* owners[] = {"ann", "bob", "zoe", ""};
    for (int round = 0; round < 2; ++round) {
        CAPTURE(round);
        const Timestamp at = kStart + (round + 2) * kDay;
        std::vector<Assignment> changes;
        for (std::size_t i = static_cast<std::size_t>(round); i < all.size(); i += 2) {
            Lead& lead = d.leads.at(all[i]);
            lead.owner = owners[(i / 2 + static_cast<std::size_t>(round)) % 4];
            lead.updated_at = lead.last_activity_at = at;
            ++lead.version;
            changes.push_back({lead.id, lead.owner});
        }
        auto w = store.write();
        w->set_owners(changes, at);
        check_dataset(*w, d);
        w->commit();
        w.reset();
        check_dataset(*store.read(), d);
    }
}

}  // namespace leadpool::conformance
