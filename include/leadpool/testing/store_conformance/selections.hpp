// Store conformance, part of <leadpool/testing/store_conformance.hpp>: the selection data set and
// the checks that leads(), lead_ids() and funnel() agree with selection_matches on it.
#pragma once

#include "leadpool/testing/store_conformance/helpers.hpp"

namespace leadpool::conformance {

// The data set: 60 leads spread over tiers, pools, owners, channels, tags, reached masks and
// capture times (whole days, a millisecond either side of midnight, noon, and before 1970).

struct Dataset {
    PoolId east = 0;
    PoolId west = 0;
    PoolId east_city = 0;
    std::map<LeadId, Lead> leads;  // as the store must give them back

    std::vector<PoolId> pool_ids() const { return {kMasterPoolId, east, west, east_city}; }

    std::vector<Lead> all() const {
        std::vector<Lead> out;
        for (const auto& [id, lead] : leads) out.push_back(lead);
        return out;
    }
};

inline constexpr int kDatasetSize = 60;
inline const std::vector<std::string> kOwners = {"", "ann", "bob", "cy"};
inline const std::vector<std::string> kChannels = {"web", "shop", "wechat_mini_program"};
inline constexpr Timestamp kDayOffsets[] = {0, 1, kDay / 2, kDay - 1};

// A fixed, well-spread choice among `choices` for lead `i`: the same inputs give the same choice.
inline std::uint32_t pick(int i, std::uint32_t salt, std::size_t choices) {
    std::uint32_t h = static_cast<std::uint32_t>(i) * 2654435761u ^ (salt + 1) * 40503u;
    h ^= h >> 15;
    h *= 2246822519u;
    h ^= h >> 13;
    return h % static_cast<std::uint32_t>(choices);
}

// The value after `current` in `values`, cyclically: always another one.
template <typename T>
T next_of(const std::vector<T>& values, const T& current) {
    const auto at = std::find(values.begin(), values.end(), current) - values.begin();
    return values[static_cast<std::size_t>(at + 1) % values.size()];
}

inline Lead dataset_lead(int i, const Dataset& d) {
    Lead lead = simple_lead("d" + std::to_string(i));
    lead.tier = static_cast<Tier>(pick(i, 1, kTierCount));
    lead.pool = lead.tier == Tier::master ? kMasterPoolId : d.pool_ids()[pick(i, 2, 4)];
    lead.owner = kOwners[pick(i, 3, kOwners.size())];
    lead.channel = kChannels[pick(i, 4, kChannels.size())];
    lead.channels = {lead.channel};
    if (lead.channel != "web" && pick(i, 5, 2)) lead.channels.push_back("web");
    const char* tags[] = {"vip", "hot", "cold"};  // unsorted: the store sorts them
    for (std::uint32_t t = 0; t < 3; ++t) {
        if (pick(i, 6 + t, 2)) lead.tags.push_back(tags[t]);
    }
    const TierMask extra = tier_bit(Tier::sub) | tier_bit(Tier::opportunity);
    lead.reached = tier_bit(Tier::master) | tier_bit(lead.tier) | (pick(i, 9, kAllTiers + 1) & extra);
    const Timestamp day = i % 15 == 14 ? -kDay : kStart + (i % 5) * kDay;
    lead.created_at = day + kDayOffsets[(i / 5) % 4];
    lead.updated_at = lead.created_at + 5;
    lead.last_activity_at = lead.created_at + 7;
    lead.last_seen_at = lead.created_at + 9;
    lead.version = 1 + i % 3;
    return lead;
}

inline Dataset dataset_pools(Store& store) {
    Dataset d;
    commit(store, [&](StoreWriter& w) {
        d.east = w.insert_pool(Pool{0, "east", std::nullopt, {"ann"}, {}});
        d.west = w.insert_pool(Pool{0, "west", std::nullopt, {"bob"}, {}});
        d.east_city = w.insert_pool(Pool{0, "east-city", d.east, {"cy"}, {}});
    });
    return d;
}

inline void add_dataset_leads(StoreWriter& w, Dataset& d, int from, int to) {
    for (int i = from; i < to; ++i) {
        const Lead lead = dataset_lead(i, d);
        const LeadId id = w.insert_lead(lead);
        d.leads[id] = as_stored(lead, id);
    }
}

// What one update in move_dataset_leads changes. One column at a time catches a store whose
// maintained counters miss that column; `everything` catches one that handles only one change.
enum class Move { tier, reached, pool, owner, channel, capture_time, tags, everything, count };

// Moves a third of the leads (which third depends on `round`), each in one respect or in all;
// changes only the attributes of a few others.
inline void move_dataset_leads(StoreWriter& w, Dataset& d, int round) {
    int next_index = 0;
    for (auto& [id, lead] : d.leads) {
        const int i = next_index++;
        const bool moves = i % 3 == round % 3;
        if (!moves && i % 7 != 0) continue;
        Lead next = lead;
        ++next.version;
        next.attributes = R"({"round": )" + std::to_string(round) + "}";
        const auto move = static_cast<Move>((i / 3 + round) % static_cast<int>(Move::count));
        const auto changes = [&](Move what) { return moves && (move == what || move == Move::everything); };
        if (changes(Move::tier)) {
            next.tier = static_cast<Tier>((static_cast<int>(lead.tier) + 1) % kTierCount);
            next.reached |= tier_bit(next.tier);
        }
        if (changes(Move::reached)) {
            next.reached ^= tier_bit(next.tier == Tier::order ? Tier::lost : Tier::order);
        }
        if (changes(Move::pool)) next.pool = next_of(d.pool_ids(), next.pool);
        if (next.tier == Tier::master) next.pool = kMasterPoolId;
        if (changes(Move::owner)) next.owner = next_of(kOwners, next.owner);
        if (changes(Move::channel)) next.channel = next_of(kChannels, next.channel);
        if (changes(Move::capture_time)) next.created_at += (round % 2 ? 1 : -1) * (kDay / 2);
        if (changes(Move::tags)) {
            const auto hot = std::find(next.tags.begin(), next.tags.end(), "hot");
            if (hot == next.tags.end()) {
                next.tags.push_back("hot");
            } else {
                next.tags.erase(hot);
            }
        }
        w.update_lead(next);
        lead = as_stored(next, id);
    }
}

inline std::vector<std::pair<std::string, LeadSelection>> dataset_selections(const Dataset& d) {
    std::vector<std::pair<std::string, LeadSelection>> out;
    const auto add = [&](std::string name, auto change) {
        LeadSelection selection = everything();
        change(selection);
        out.emplace_back(std::move(name), std::move(selection));
    };
    const auto at = [](int day, Timestamp offset) { return kStart + day * kDay + offset; };
    const auto sub_or_opportunity = static_cast<TierMask>(tier_bit(Tier::sub) | tier_bit(Tier::opportunity));

    add("every lead", [](LeadSelection&) {});
    add("no visibility clause: nothing", [](LeadSelection& s) { s.visible_if.clear(); });
    add("tiers sub and opportunity", [&](LeadSelection& s) { s.tiers = sub_or_opportunity; });
    add("no tier: nothing", [](LeadSelection& s) { s.tiers = 0; });
    add("pool east", [&](LeadSelection& s) { s.pools = {{d.east}}; });
    add("pools master and east-city", [&](LeadSelection& s) { s.pools = {{kMasterPoolId, d.east_city}}; });
    add("empty pools: nothing", [](LeadSelection& s) { s.pools = std::vector<PoolId>{}; });
    add("owner ann", [](LeadSelection& s) { s.owner = "ann"; });
    add("no owner", [](LeadSelection& s) { s.owner = ""; });
    add("channel shop", [](LeadSelection& s) { s.channel = "shop"; });
    add("unknown channel", [](LeadSelection& s) { s.channel = "fax"; });
    add("tag hot", [](LeadSelection& s) { s.tag = "hot"; });
    add("unknown tag", [](LeadSelection& s) { s.tag = "lukewarm"; });
    add("created from midnight", [&](LeadSelection& s) { s.created_from = at(2, 0); });
    add("created to midnight", [&](LeadSelection& s) { s.created_to = at(3, 0); });
    add("created between midnights", [&](LeadSelection& s) {
        s.created_from = at(1, 0);
        s.created_to = at(3, 0);
    });
    add("created before 1970", [](LeadSelection& s) { s.created_to = 0; });
    add("created from the day before 1970", [](LeadSelection& s) {
        s.created_from = -kDay;
        s.created_to = kStart;
    });
    add("created from 1 ms after midnight", [&](LeadSelection& s) { s.created_from = at(2, 1); });
    add("created to 1 ms after midnight", [&](LeadSelection& s) { s.created_to = at(2, 1); });
    add("created to 1 ms before midnight", [&](LeadSelection& s) { s.created_to = at(3, -1); });
    add("created from noon to noon", [&](LeadSelection& s) {
        s.created_from = at(1, kDay / 2);
        s.created_to = at(3, kDay / 2);
    });
    add("created from 1 ms before 1970", [](LeadSelection& s) { s.created_from = -1; });
    add("tag and whole days", [&](LeadSelection& s) {
        s.tag = "vip";
        s.created_from = at(1, 0);
        s.created_to = at(4, 0);
    });
    add("tiers, pools, owner and channel", [&](LeadSelection& s) {
        s.tiers = static_cast<TierMask>(kAllTiers & ~tier_bit(Tier::invalid));
        s.pools = {{d.east, d.west}};
        s.owner = "cy";
        s.channel = "web";
    });
    add("clause: opportunity and order", [](LeadSelection& s) {
        s.visible_if = {{static_cast<TierMask>(tier_bit(Tier::opportunity) | tier_bit(Tier::order)), {}, {}}};
    });
    add("clause: pool west", [&](LeadSelection& s) { s.visible_if = {{kAllTiers, {{d.west}}, {}}}; });
    add("clause: owner bob", [](LeadSelection& s) { s.visible_if = {{kAllTiers, {}, "bob"}}; });
    add("clause: empty pools: nothing", [](LeadSelection& s) {
        s.visible_if = {{kAllTiers, std::vector<PoolId>{}, {}}};
    });
    add("clause: no tier: nothing", [](LeadSelection& s) { s.visible_if = {{0, {}, {}}}; });
    add("clauses: own or managed", [&](LeadSelection& s) {
        s.visible_if = {{kAllTiers, {}, "ann"}, {sub_or_opportunity, {{d.east, d.east_city}}, {}}};
    });
    add("clauses: three overlapping", [&](LeadSelection& s) {
        s.visible_if = {
            {tier_bit(Tier::master), {}, {}}, {kAllTiers, {}, "cy"}, {kAllTiers, {{d.west}}, "bob"}};
    });
    add("clauses: one matching nothing, one everything", [](LeadSelection& s) {
        s.visible_if = {{kAllTiers, std::vector<PoolId>{}, {}}, {}};
    });
    add("filters and clauses, whole days", [&](LeadSelection& s) {
        s.tiers = static_cast<TierMask>(kAllTiers & ~tier_bit(Tier::lost));
        s.channel = "web";
        s.created_from = at(1, 0);
        s.visible_if = {{kAllTiers, {}, "ann"}, {kAllTiers, {{d.west, kMasterPoolId}}, {}}};
    });
    add("filters and clauses, within days", [&](LeadSelection& s) {
        s.created_to = at(3, 1);
        s.owner = "";
        s.visible_if = {{sub_or_opportunity, {{d.east}}, {}}, {tier_bit(Tier::master), {}, {}}};
    });
    add("filters and clauses, with a tag", [&](LeadSelection& s) {
        s.tag = "cold";
        s.visible_if = {{kAllTiers, {}, "ann"}, {kAllTiers, {{d.west}}, {}}};
    });
    add("filter and clause that exclude each other: nothing", [&](LeadSelection& s) {
        s.pools = {{d.east}};
        s.visible_if = {{kAllTiers, {{d.west}}, {}}};
    });
    return out;
}

inline void check_dataset(StoreReader& reader, const Dataset& d) {
    const auto all = d.all();
    for (const auto& lead : all) CHECK(render(reader.lead(lead.id)) == render(lead));
    for (const auto& [name, selection] : dataset_selections(d)) {
        CAPTURE(name);
        check_selection(reader, all, selection);
    }
}

// ---------------------------------------------------------------------------------------------
// The checks on it.

inline void check_leads_and_funnel(Store& store) {
    Dataset d = dataset_pools(store);
    commit(store, [&](StoreWriter& w) { add_dataset_leads(w, d, 0, kDatasetSize / 2); });
    {
        // The writer's view: committed leads and its own.
        auto w = store.write();
        add_dataset_leads(*w, d, kDatasetSize / 2, kDatasetSize);
        check_dataset(*w, d);
        w->commit();
    }
    check_dataset(*store.read(), d);
}

inline void check_funnel_after_moves(Store& store) {
    Dataset d = dataset_pools(store);
    commit(store, [&](StoreWriter& w) { add_dataset_leads(w, d, 0, kDatasetSize); });
    for (int round = 1; round <= 3; ++round) {
        CAPTURE(round);
        auto w = store.write();
        move_dataset_leads(*w, d, round);
        check_dataset(*w, d);
        w->commit();
        w.reset();
        check_dataset(*store.read(), d);
    }
}

// Which leads each lead of the data set absorbed, by merged_into.
inline void check_absorbed(StoreReader& reader, const Dataset& d) {
    for (const auto& [id, lead] : d.leads) {
        std::vector<LeadId> expected;
        for (const auto& [other, absorbed] : d.leads) {
            if (absorbed.merged_into == id) expected.push_back(other);
        }
        CAPTURE(id);
        CHECK(id_list(reader.absorbed_into(id)) == id_list(expected));
    }
}

// Absorbs the lead (its identities go with the merge), or splits it off again (they come back).
inline void set_merged_into(StoreWriter& w, Dataset& d, LeadId id, LeadId survivor) {
    Lead next = d.leads.at(id);
    next.merged_into = survivor;
    next.identities =
        survivor == 0 ? simple_lead("d-back" + std::to_string(id)).identities : std::vector<Identity>{};
    ++next.version;
    w.update_lead(next);
    d.leads[id] = next;
}

inline void check_merged_leads(Store& store) {
    Dataset d = dataset_pools(store);
    commit(store, [&](StoreWriter& w) { add_dataset_leads(w, d, 0, kDatasetSize); });
    std::vector<LeadId> all;
    for (const auto& [id, lead] : d.leads) all.push_back(id);

    // Round 1: every fourth lead is absorbed by the lead before it, the next by the first lead;
    // and two leads come in absorbed already.
    {
        auto w = store.write();
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (i % 4 == 1) set_merged_into(*w, d, all[i], all[i - 1]);
            if (i % 4 == 2) set_merged_into(*w, d, all[i], all[0]);
        }
        for (int i = kDatasetSize; i < kDatasetSize + 2; ++i) {
            Lead lead = dataset_lead(i, d);
            lead.identities.clear();
            lead.merged_into = all[0];
            const LeadId id = w->insert_lead(lead);
            d.leads[id] = as_stored(lead, id);
        }
        check_dataset(*w, d);
        check_absorbed(*w, d);
        w->commit();
    }
    check_dataset(*store.read(), d);
    check_absorbed(*store.read(), d);

    // Round 2: some are split off again, some move to another survivor, some move in the pyramid
    // while absorbed (which must not count them anywhere).
    {
        auto w = store.write();
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (i % 8 == 1) set_merged_into(*w, d, all[i], 0);
            if (i % 8 == 5) set_merged_into(*w, d, all[i], all[3]);
            if (i % 4 == 2 && i % 3 == 0) {
                Lead next = d.leads.at(all[i]);
                next.tier = next.tier == Tier::order ? Tier::lost : Tier::order;
                next.reached |= tier_bit(next.tier);
                next.pool = d.west;
                next.owner = "bob";
                w->update_lead(next);
                d.leads[all[i]] = next;
            }
        }
        check_dataset(*w, d);
        check_absorbed(*w, d);
        w->commit();
    }
    check_dataset(*store.read(), d);
    check_absorbed(*store.read(), d);
    CHECK(id_list(store.read()->absorbed_into(0)).empty());
}

}  // namespace leadpool::conformance
