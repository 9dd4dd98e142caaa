// Store conformance, part of <leadpool/testing/store_conformance.hpp>: collisions() answers, page
// by page, what its default written on leads(), absorbed_into(), history() and selected_merges()
// answers, over the holdings history and then over a randomized history with merges.
#pragma once

#include <string>
#include <vector>

#include "leadpool/limits.hpp"
#include "leadpool/testing/store_conformance/holdings.hpp"
#include "leadpool/testing/store_conformance/random_history.hpp"

namespace leadpool::conformance {

inline std::string collision_text(const Collision& c) {
    std::string out = std::to_string(c.lead) + " " + to_string(c.kind) + " " + std::to_string(c.first) + ".." +
                      std::to_string(c.last) + " users";
    for (const UserId& user : c.users) out += " " + user;
    out += " merges";
    for (const MergeId id : c.merges) out += " " + std::to_string(id);
    return out;
}

inline std::vector<std::string> collision_page_text(const CollisionPage& page) {
    std::vector<std::string> out;
    for (const Collision& c : page.collisions) out.push_back(collision_text(c));
    out.push_back("next " + (page.next_after ? std::to_string(*page.next_after) : std::string("none")));
    return out;
}

// Compares every page of every request over every selection; returns how many collisions it saw.
inline std::int64_t compare_collisions(StoreReader& reader, const Dataset& d) {
    const std::vector<CollisionRequest> requests = {
        {kDay, -2 * kDay, kStart + 60 * kDay},               // every row, a day apart
        {1, -2 * kDay, kStart + 60 * kDay},                  // 1 ms apart
        {kDay / 4, kStart, kStart + 3 * kDay},               // window edges inside days
        {30 * kDay, kStart + kDay / 2, kStart + kDay / 2 + 1},  // a period of 1 ms
        {7 * kDay, kStart + 5 * kDay, kStart + 40 * kDay},
    };
    std::int64_t seen = 0;
    for (const auto& [name, selection] : dataset_selections(d)) {
        for (const CollisionRequest& request : requests) {
            const std::vector<std::size_t> limits =
                name == "every lead" ? std::vector<std::size_t>{1, 3, kMaxPageSize} : std::vector<std::size_t>{5};
            for (const std::size_t limit : limits) {
                CAPTURE(name);
                CAPTURE(request.window);
                CAPTURE(request.from);
                CAPTURE(request.to);
                CAPTURE(limit);
                CollisionPageRequest page{std::nullopt, limit};
                for (int pages = 0; pages < kDatasetSize + 1; ++pages) {
                    const CollisionPage answer = reader.collisions(selection, request, page);
                    const CollisionPage reference = reader.StoreReader::collisions(selection, request, page);
                    CHECK(collision_page_text(answer) == collision_page_text(reference));
                    seen += static_cast<std::int64_t>(answer.collisions.size());
                    if (!reference.next_after) break;
                    page.after = reference.next_after;
                }
            }
        }
    }
    return seen;
}

inline void check_collisions(Store& store) {
    Dataset d = holdings_dataset(store);
    CHECK(compare_collisions(*store.read(), d) > 0);
    commit(store, [&](StoreWriter& w) { add_random_history(w, d, 20260101); });
    CHECK(compare_collisions(*store.read(), d) > 0);
    // A merge record of a collision lands on its survivor's line.
    auto reader = store.read();
    std::int64_t merges = 0;
    CollisionPageRequest all{std::nullopt, kMaxPageSize};
    for (const Collision& c : reader->collisions(everything(), {kDay, -2 * kDay, kStart + 60 * kDay}, all).collisions) {
        merges += static_cast<std::int64_t>(c.merges.size());
    }
    CHECK(merges > 0);
}

}  // namespace leadpool::conformance
