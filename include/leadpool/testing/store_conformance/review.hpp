// Store conformance, part of <leadpool/testing/store_conformance.hpp>: selected_merges() and
// selected_identity_conflicts() agree with merge_matches and conflict_matches and page by id
// either way; identity_conflict() finds one conflict; a conflict's resolution round-trips.
#pragma once

#include <algorithm>

#include "leadpool/testing/store_conformance/helpers.hpp"
#include "leadpool/testing/store_conformance/scenario.hpp"
#include "leadpool/testing/store_conformance/values.hpp"

namespace leadpool::conformance {

// What a paged read must return: the records `matches` keeps, past the cursor in the page's order.
template <typename Record, typename Matches>
std::vector<Record> reference_page(std::vector<Record> all, const RecordPageRequest& page, Matches matches) {
    if (page.newest_first) std::reverse(all.begin(), all.end());
    std::vector<Record> out;
    for (const Record& record : all) {
        if (out.size() < page.limit && past_cursor(page, record.id) && matches(record)) out.push_back(record);
    }
    return out;
}

// Every page of every cursor, both ways, and whole lists paged to the end, against the reference.
template <typename Record, typename Filter, typename Read, typename Matches>
void check_record_pages(const std::vector<Record>& all, const std::vector<std::pair<std::string, Filter>>& filters,
                        Read read, Matches matches) {
    for (const auto& [name, filter] : filters) {
        CAPTURE(name);
        auto keeps = [&](const Record& record) { return matches(filter, record); };
        for (const bool newest_first : {false, true}) {
            CAPTURE(newest_first);
            const RecordPageRequest whole{std::nullopt, kNoLimit, newest_first};
            const auto expected = reference_page(all, whole, keeps);
            CHECK(render(read(filter, whole)) == render(expected));
            CHECK(read(filter, RecordPageRequest{std::nullopt, 0, newest_first}).empty());
            for (const Record& from : all) {
                const RecordPageRequest after{from.id, 2, newest_first};
                CHECK(render(read(filter, after)) == render(reference_page(all, after, keeps)));
            }
            std::vector<Record> paged;
            RecordPageRequest page{std::nullopt, 2, newest_first};
            for (std::size_t n = 0; n <= all.size(); ++n) {
                const auto got = read(filter, page);
                paged.insert(paged.end(), got.begin(), got.end());
                if (got.size() < page.limit) break;
                page.after = got.back().id;
            }
            CHECK(render(paged) == render(expected));
        }
    }
}

inline void check_selected_merges(Store& store) {
    std::vector<MergeRecord> all;
    commit(store, [&](StoreWriter& w) {
        for (int n = 0; n < 9; ++n) {
            MergeRecord merge = merge_record_of(100 + n % 3, 200 + n, kStart + n * kDay);
            merge.actor = n % 2 ? "ann" : "bob";
            merge.reason = n % 3 ? "ingest" : "same person";
            merge.collision = n % 4 == 1;
            if (n % 5 == 2) merge = unmerged(merge, kStart + 20 * kDay);
            all.push_back(with_id(merge, w.insert_merge(merge)));
        }
    });
    MergeFilter by_lead;
    by_lead.lead = 101;  // a survivor
    MergeFilter absorbed;
    absorbed.lead = 204;
    MergeFilter collisions;
    collisions.collisions_only = true;
    MergeFilter standing;
    standing.include_unmerged = false;
    MergeFilter by_actor;
    by_actor.actor = "ann";
    MergeFilter in_time;
    in_time.at_from = kStart + 2 * kDay;
    in_time.at_to = kStart + 6 * kDay;
    MergeFilter by_reason;
    by_reason.reason = "same person";
    by_reason.include_unmerged = false;
    MergeFilter none;
    none.lead = 999;
    const std::vector<std::pair<std::string, MergeFilter>> filters = {
        {"every merge", {}},          {"survivor", by_lead}, {"absorbed", absorbed},
        {"collisions", collisions},   {"standing", standing}, {"actor", by_actor},
        {"time range", in_time},      {"reason", by_reason},  {"no match", none}};
    auto reader = store.read();
    check_record_pages(
        all, filters,
        [&](const MergeFilter& filter, const RecordPageRequest& page) { return reader->selected_merges(filter, page); },
        [](const MergeFilter& filter, const MergeRecord& merge) { return merge_matches(filter, merge); });
    CHECK(reference_page(all, RecordPageRequest{std::nullopt, kNoLimit, false},
                         [&](const MergeRecord& merge) { return merge_matches(in_time, merge); })
              .size() == 4);
}

inline void check_selected_identity_conflicts(Store& store) {
    std::vector<IdentityConflict> all;
    commit(store, [&](StoreWriter& w) {
        for (int n = 0; n < 9; ++n) {
            IdentityConflict conflict = conflict_of(static_cast<ConflictRule>(n % 4), 300 + n % 3, {400 + n, 500});
            conflict.at = kStart + n * kDay;
            conflict.channel = n % 2 ? "web" : "shop";
            if (n % 3 == 1) {
                conflict.state = n % 2 ? ConflictState::dismissed : ConflictState::resolved;
                conflict.resolved_by = "zoe";
                conflict.resolved_at = kStart + 30 * kDay;
                conflict.resolution_reason = "looked at it";
                if (conflict.state == ConflictState::resolved) conflict.resolution_merges = {7, 8};
            }
            all.push_back(with_id(conflict, w.append_identity_conflict(conflict)));
        }
    });
    ConflictFilter every_state;
    every_state.state.reset();
    ConflictFilter open;  // the default
    ConflictFilter dismissed;
    dismissed.state = ConflictState::dismissed;
    ConflictFilter by_lead = every_state;
    by_lead.lead = 301;
    ConflictFilter by_other = every_state;
    by_other.lead = 405;
    ConflictFilter shared_other = every_state;
    shared_other.lead = 500;
    ConflictFilter by_rule = every_state;
    by_rule.rule = ConflictRule::max_joins;
    ConflictFilter by_channel;
    by_channel.channel = "web";
    ConflictFilter in_time = every_state;
    in_time.at_from = kStart + 3 * kDay;
    in_time.at_to = kStart + 7 * kDay;
    ConflictFilter none = every_state;
    none.lead = 999;
    const std::vector<std::pair<std::string, ConflictFilter>> filters = {
        {"every state", every_state}, {"open", open},           {"dismissed", dismissed},
        {"lead", by_lead},            {"other", by_other},      {"shared other", shared_other},
        {"rule", by_rule},            {"channel", by_channel},  {"time range", in_time},
        {"no match", none}};
    auto reader = store.read();
    check_record_pages(
        all, filters,
        [&](const ConflictFilter& filter, const RecordPageRequest& page) {
            return reader->selected_identity_conflicts(filter, page);
        },
        [](const ConflictFilter& filter, const IdentityConflict& conflict) {
            return conflict_matches(filter, conflict);
        });
    CHECK(render(reader->identity_conflict(all[4].id)) == render(std::optional<IdentityConflict>(all[4])));
    CHECK(render(reader->identity_conflict(all.back().id + 1)) == "none");
}

inline void check_conflict_resolution(Store& store) {
    std::int64_t id = 0;
    commit(store, [&](StoreWriter& w) { id = w.append_identity_conflict(conflict_of(ConflictRule::max_joins, 3, {4})); });
    IdentityConflict resolved = with_id(conflict_of(ConflictRule::max_joins, 3, {4}), id);
    CHECK(store.read()->identity_conflict(id)->state == ConflictState::open);
    resolved.state = ConflictState::resolved;
    resolved.resolved_by = "李";
    resolved.resolved_at = kStart + kDay;
    resolved.resolution_reason = "one person";
    resolved.resolution_merges = {11, 12};
    {
        auto w = store.write();
        w->rewrite_identity_conflict(resolved);
        CHECK(render(w->identity_conflict(id)) == render(std::optional<IdentityConflict>(resolved)));
        CHECK(store.read()->identity_conflict(id)->state == ConflictState::open);  // not yet committed
        w->commit();
    }
    auto r = store.read();
    CHECK(render(r->identity_conflict(id)) == render(std::optional<IdentityConflict>(resolved)));
    CHECK(render(r->identity_conflicts()) == render(std::vector<IdentityConflict>{resolved}));
    ConflictFilter open;
    CHECK(r->selected_identity_conflicts(open, RecordPageRequest{std::nullopt, kNoLimit, false}).empty());
}

}  // namespace leadpool::conformance
