#include "collisions.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "leadpool/error.hpp"
#include "leadpool/limits.hpp"
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
    return reading.store.collisions(visible_selection(reading, std::nullopt), request, page);
}

}  // namespace detail
}  // namespace leadpool
