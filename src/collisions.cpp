#include "collisions.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "leadpool/error.hpp"
#include "leadpool/limits.hpp"
#include "lead_group.hpp"
#include "leads.hpp"

namespace leadpool {
namespace {

// One time a user worked the lead.
struct Work {
    Timestamp at = 0;
    UserId user;
    bool follow_up = false;  // else a take
};

std::vector<Work> works_of(const std::vector<HistoryEntry>& history, const CollisionRequest& request) {
    std::vector<Work> works;
    for (const HistoryEntry& row : history) {
        if (row.at < request.from || row.at >= request.to) continue;
        if (row.action == Action::follow_up) {
            works.push_back({row.at, row.actor, true});
        } else if (!row.to_owner.empty() && row.to_owner != row.from_owner) {
            works.push_back({row.at, row.to_owner, false});
        }
    }
    std::stable_sort(works.begin(), works.end(), [](const Work& a, const Work& b) { return a.at < b.at; });
    return works;
}

}  // namespace

const char* to_string(CollisionKind kind) noexcept {
    switch (kind) {
        case CollisionKind::follow_up: return "follow_up";
        case CollisionKind::ownership: return "ownership";
        case CollisionKind::both: return "both";
    }
    return "unknown";
}

std::optional<Collision> collision_of(LeadId lead, const std::vector<HistoryEntry>& history,
                                      const CollisionRequest& request) {
    const std::vector<Work> works = works_of(history, request);
    std::vector<bool> colliding(works.size(), false);
    // Sorted by time: each work meets the later ones up to `window` after it.
    for (std::size_t i = 0; i < works.size(); ++i) {
        for (std::size_t j = i + 1; j < works.size() && works[j].at - works[i].at <= request.window; ++j) {
            if (works[j].user != works[i].user) colliding[i] = colliding[j] = true;
        }
    }
    Collision collision;
    collision.lead = lead;
    std::set<UserId> users;
    bool follow_ups = false;
    bool takes = false;
    bool any = false;
    for (std::size_t i = 0; i < works.size(); ++i) {
        if (!colliding[i]) continue;
        collision.first = any ? std::min(collision.first, works[i].at) : works[i].at;
        collision.last = any ? std::max(collision.last, works[i].at) : works[i].at;
        any = true;
        users.insert(works[i].user);
        (works[i].follow_up ? follow_ups : takes) = true;
    }
    if (!any) return std::nullopt;
    collision.users.assign(users.begin(), users.end());
    collision.kind = follow_ups && takes ? CollisionKind::both
                     : follow_ups        ? CollisionKind::follow_up
                                         : CollisionKind::ownership;
    return collision;
}

namespace detail {

CollisionPage collisions(const Reading& reading, const CollisionRequest& request, const CollisionPageRequest& page) {
    reading.access.require(Action::report);
    if (request.window < 1) throw Error(ErrorCode::invalid_argument, "collisions window: must be at least 1 ms");
    if (request.to <= request.from) throw Error(ErrorCode::invalid_argument, "collisions to: must be after from");
    if (page.limit < 1 || page.limit > kMaxPageSize) {
        throw Error(ErrorCode::invalid_argument, "collisions limit: must be 1.." + std::to_string(kMaxPageSize));
    }
    const LeadSelection selection = visible_selection(reading, std::nullopt);
    CollisionPage result;
    constexpr std::size_t kChunk = 512;
    for (LeadId after = page.after.value_or(0);;) {
        const std::vector<Lead> leads = reading.store.leads(selection, after, kChunk);
        for (const Lead& lead : leads) {
            auto collision = collision_of(lead.id, group_history(reading.store, group_of(reading.store, lead.id)),
                                          request);
            if (!collision) continue;
            if (result.collisions.size() == page.limit) {
                result.next_after = result.collisions.back().lead;
                return result;
            }
            MergeFilter merges;
            merges.lead = lead.id;
            merges.collisions_only = true;
            merges.at_from = request.from;
            merges.at_to = request.to;
            for (const MergeRecord& merge : reading.store.selected_merges(merges, RecordPageRequest{{}, kMaxPageSize})) {
                if (merge.survivor == lead.id) collision->merges.push_back(merge.id);
            }
            result.collisions.push_back(std::move(*collision));
        }
        if (leads.size() < kChunk) return result;
        after = leads.back().id;
    }
}

}  // namespace detail
}  // namespace leadpool
