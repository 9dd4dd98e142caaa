// Store conformance, part of <leadpool/testing/store_conformance.hpp>: owner_holdings() counts what
// the default written on leads() and history() counts (count_holdings), over the selection data
// set with a history of claims, releases, recycles, transfers and follow-ups for every lead.
#pragma once

#include <string>
#include <vector>

#include "leadpool/testing/store_conformance/selections.hpp"

namespace leadpool::conformance {

// Lead i's history ends with its owner: captured, distributed unowned, then (by i) claimed,
// released or recycled, followed up, handed on by a manager or its own holder, followed up again.
inline void add_holdings_history(StoreWriter& w, const Dataset& d) {
    int i = 0;
    for (const auto& [id, lead] : d.leads) {
        HistoryEntry row;
        row.lead = id;
        row.actor = "boss";
        row.at = lead.created_at;
        UserId owner;
        const auto append = [&](Action action, const UserId& actor, Timestamp at, const UserId& to_owner) {
            row.action = action;
            row.actor = actor;
            row.at = at;
            row.from_tier = row.to_tier;
            row.from_pool = row.to_pool;
            row.from_owner = owner;
            row.to_tier = action == Action::capture ? Tier::master : lead.tier;
            row.to_pool = action == Action::capture ? kMasterPoolId : lead.pool;
            row.to_owner = to_owner;
            owner = to_owner;
            w.append_history(row);
        };
        const Timestamp t = lead.created_at;
        const UserId claimant = kOwners[1 + static_cast<std::size_t>(i % 3)];
        append(Action::capture, "boss", t, "");
        append(Action::distribute, "boss", t + (i % 5) * kDay / 4, "");
        if (i % 2 == 0) append(Action::claim, claimant, t + kDay / 2, claimant);
        if (i % 4 == 0) append(Action::release, claimant, t + kDay, "");
        if (i % 4 == 2) append(Action::recycle, "boss", t + kDay, "");
        if (i % 5 == 0) append(Action::follow_up, owner.empty() ? "boss" : owner, t + 2 * kDay, owner);
        if (owner != lead.owner) {
            append(Action::transfer, i % 3 == 0 && !owner.empty() ? owner : "boss", t + 3 * kDay, lead.owner);
        }
        if (i % 7 == 0) append(Action::follow_up, owner.empty() ? "boss" : owner, t + 4 * kDay, owner);
        ++i;
    }
}

// The selection data set with the holdings history.
inline Dataset holdings_dataset(Store& store) {
    Dataset d = dataset_pools(store);
    commit(store, [&](StoreWriter& w) {
        add_dataset_leads(w, d, 0, kDatasetSize);
        add_holdings_history(w, d);
    });
    return d;
}

inline void check_owner_holdings(Store& store) {
    Dataset d = holdings_dataset(store);
    const std::vector<HoldingsWindow> windows = {
        {kStart + 3 * kDay, -2 * kDay, kStart + 20 * kDay},  // every row
        {kStart + 5 * kDay, kStart, kStart + kDay},
        {kStart, kStart + kDay / 2, kStart + kDay / 2 + 1},
        {-kDay, -2 * kDay, 0},                          // before 1970
        {kStart + 100 * kDay, kStart + 100 * kDay, kStart + 101 * kDay},  // every held lead idle, no row
    };
    auto reader = store.read();
    std::int64_t seen = 0;
    for (const auto& [name, selection] : dataset_selections(d)) {
        for (const HoldingsWindow& window : windows) {
            CAPTURE(name);
            CAPTURE(window.idle_before);
            CAPTURE(window.from);
            CAPTURE(window.to);
            const std::vector<OwnerHolding> lines = reader->owner_holdings(selection, window);
            CHECK(lines == reader->StoreReader::owner_holdings(selection, window));
            for (const OwnerHolding& line : lines) seen += line.claims + line.releases + line.recycles + line.churned;
        }
    }
    CHECK(seen > 0);
    // The reference itself, by hand: over every time, every held lead counts once and each
    // even lead's claim once; every fourth lead was released, every other even one recycled.
    std::int64_t held = 0;
    for (const auto& [id, lead] : d.leads) held += lead.owner.empty() ? 0 : 1;
    std::int64_t counted_held = 0, claims = 0, releases = 0, recycles = 0, churned = 0;
    for (const OwnerHolding& line : reader->owner_holdings(everything(), windows[0])) {
        for (const std::int64_t n : line.held) counted_held += n;
        claims += line.claims;
        releases += line.releases;
        recycles += line.recycles;
        churned += line.churned;
    }
    CHECK(counted_held == held);
    CHECK(claims == kDatasetSize / 2);
    CHECK(releases == kDatasetSize / 4);
    CHECK(recycles == kDatasetSize / 4);
    CHECK(churned == kDatasetSize / 4);  // each release follows its claim
}

}  // namespace leadpool::conformance
