// Store conformance, part of <leadpool/testing/store_conformance.hpp>: running work in
// transactions, the reference answers for selections, and a reader's view of records as text.
#pragma once

#include "leadpool/testing/store_conformance/values.hpp"

namespace leadpool::conformance {

template <typename Work>
void commit(Store& store, Work&& work) {
    auto writer = store.write();
    work(*writer);
    writer->commit();
}

// Writes `lead` as absorbed by a merge into `survivor` (no identities, merged_into set).
inline void absorb_into(Store& store, Lead& lead, LeadId survivor) {
    commit(store, [&](StoreWriter& w) {
        lead.identities.clear();
        lead.merged_into = survivor;
        w.update_lead(lead);
    });
}

// The code of the Error `work` throws, or "none".
template <typename Work>
std::string error_of(Work&& work) {
    try {
        work();
    } catch (const Error& error) {
        return to_string(error.code());
    }
    return "none";
}

// Runs `work` in a writer that is then dropped; the code of the Error it threw, or "none".
template <typename Work>
std::string error_in_writer(Store& store, Work&& work) {
    auto writer = store.write();
    return error_of([&] { work(*writer); });
}

inline Identity phone(const std::string& value) { return {IdentityKind::phone, value, ""}; }

inline const Pool kMasterPool{kMasterPoolId, "master", std::nullopt, {}, {}};

inline std::vector<Pool> by_id(std::vector<Pool> pools) {
    std::sort(pools.begin(), pools.end(), [](const Pool& a, const Pool& b) { return a.id < b.id; });
    return pools;
}

inline LeadSelection everything() {
    LeadSelection selection;
    selection.visible_if = {VisibilityClause{}};
    return selection;
}

inline Lead simple_lead(const std::string& key) {
    Lead lead;
    lead.identities = {phone(key)};
    lead.attributes = R"({"key": ")" + key + R"("})";
    lead.channel = "web";
    lead.channels = {"web"};
    lead.created_at = lead.updated_at = lead.last_activity_at = kStart;
    return lead;
}

// The lead as the store must give it back: with its id, tags sorted and unique.
inline Lead as_stored(Lead lead, LeadId id) {
    lead.id = id;
    std::sort(lead.tags.begin(), lead.tags.end());
    lead.tags.erase(std::unique(lead.tags.begin(), lead.tags.end()), lead.tags.end());
    return lead;
}

// What leads(selection, after, limit) must return, by selection_matches.
inline std::vector<Lead> reference_leads(const std::vector<Lead>& all, const LeadSelection& selection,
                                         LeadId after, std::size_t limit) {
    std::vector<Lead> out;
    for (const auto& lead : all) {
        if (out.size() == limit) break;
        if (lead.id > after && selection_matches(selection, lead)) out.push_back(lead);
    }
    return out;
}

// What funnel(selection) must count, by selection_matches.
inline std::vector<FunnelCell> reference_funnel(const std::vector<Lead>& all,
                                                const LeadSelection& selection) {
    std::map<std::pair<Tier, TierMask>, std::int64_t> counts;
    for (const auto& lead : all) {
        if (selection_matches(selection, lead)) ++counts[{lead.tier, lead.reached}];
    }
    std::vector<FunnelCell> cells;
    for (const auto& [key, count] : counts) cells.push_back({key.first, key.second, count});
    return cells;
}

// Pages through a selection `limit` leads at a time. Stops after one page more than a correct
// store needs, so a store that ignores `after` cannot loop forever.
inline std::vector<Lead> page_through(StoreReader& reader, const LeadSelection& selection, std::size_t limit,
                                      std::size_t max_pages) {
    std::vector<Lead> out;
    LeadId after = 0;
    for (std::size_t page = 0; page < max_pages; ++page) {
        const auto leads = reader.leads(selection, after, limit);
        if (leads.empty()) break;
        CHECK(leads.size() <= limit);
        out.insert(out.end(), leads.begin(), leads.end());
        after = leads.back().id;
    }
    return out;
}

// The ids first, so that a wrong selection does not print every lead.
inline void check_same_leads(const std::vector<Lead>& actual, const std::vector<Lead>& expected) {
    const std::string actual_ids = ids(actual);
    CHECK(actual_ids == ids(expected));
    if (actual_ids == ids(expected)) CHECK(render(actual) == render(expected));
}

// leads() and funnel() over `selection` agree with selection_matches over `all` (sorted by id).
inline void check_selection(StoreReader& reader, const std::vector<Lead>& all,
                            const LeadSelection& selection) {
    const auto expected = reference_leads(all, selection, 0, kNoLimit);
    check_same_leads(reader.leads(selection, 0, kNoLimit), expected);

    std::vector<LeadId> afters = {all[all.size() / 2].id, all.back().id};
    if (!expected.empty()) afters.insert(afters.end(), {expected.front().id, expected.back().id});
    for (const LeadId after : afters) {
        CAPTURE(after);
        CHECK(ids(reader.leads(selection, after, kNoLimit)) ==
              ids(reference_leads(all, selection, after, kNoLimit)));
        for (const std::size_t limit : {0, 1, 5}) {
            CAPTURE(limit);
            CHECK(ids(reader.leads(selection, after, limit)) ==
                  ids(reference_leads(all, selection, after, limit)));
            CHECK(id_list(reader.lead_ids(selection, after, limit)) ==
                  ids(reference_leads(all, selection, after, limit)));
        }
    }
    for (const std::size_t limit : {1, 4, 7}) {
        CAPTURE(limit);
        CHECK(ids(page_through(reader, selection, limit, expected.size() / limit + 2)) == ids(expected));
    }

    CHECK(render_funnel(reader.funnel(selection)) == render_funnel(reference_funnel(all, selection)));
}

// ---------------------------------------------------------------------------------------------
// Everything a reader shows of the records a test touched, as text: compare two points in time.

using Delivery = std::pair<std::string, std::string>;  // channel, record id

struct Probe {
    std::vector<std::string> settings;
    std::vector<UserId> users;
    std::vector<PoolId> pools;
    std::vector<LeadId> leads;
    std::vector<Identity> identities;
    std::vector<Delivery> deliveries;
};

inline std::string observe(StoreReader& reader, const Probe& probe) {
    std::string out;
    for (const auto& key : probe.settings) {
        out += "setting " + key + " = " + reader.setting(key).value_or("none") + "\n";
    }
    out += render(reader.users());
    for (const auto& id : probe.users) out += "user(" + id + ") " + render(reader.user(id)) + "\n";
    out += render(reader.pools());
    for (const PoolId id : probe.pools) {
        out += "pool(" + std::to_string(id) + ") " + render(reader.pool(id)) + "\n";
    }
    out += render(reader.leads(everything(), 0, kNoLimit));
    for (const LeadId id : probe.leads) {
        out += "lead(" + std::to_string(id) + ") " + render(reader.lead(id)) + "\n";
        out += render(reader.history(id));
        out += render(reader.events(id));
        out += "absorbed into " + std::to_string(id) + ": " + id_list(reader.absorbed_into(id)) + "\n";
        out += render(reader.opportunities(id));
    }
    for (const auto& identity : probe.identities) {
        out += "holder of " + render(identity) + ": " + render(reader.lead_by_identity(identity)) + "\n";
        out += "joins of " + render(identity) + ": " + std::to_string(reader.identity_joins(identity)) + "\n";
    }
    for (const auto& [channel, record_id] : probe.deliveries) {
        out += "delivery " + channel + "/" + record_id + ": " + render(reader.delivery(channel, record_id)) +
               "\n";
    }
    out += render_funnel(reader.funnel(everything()));
    out += render(reader.org_events());
    out += render(reader.merge_records());
    out += render(reader.identity_conflicts());
    return out;
}

}  // namespace leadpool::conformance
