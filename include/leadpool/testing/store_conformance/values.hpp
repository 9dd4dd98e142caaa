// Store conformance, part of <leadpool/testing/store_conformance.hpp>: the suite's constants and
// values as text — every comparison goes through these, so a failed check shows what differs.
#pragma once

#include <doctest/doctest.h>
#include <leadpool/error.hpp>
#include <leadpool/store.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace leadpool::conformance {

inline constexpr Timestamp kDay = 86'400'000;
inline constexpr Timestamp kStart = 1'767'225'600'000;  // 2026-01-01T00:00:00Z, a day boundary
inline constexpr std::size_t kNoLimit = std::numeric_limits<std::size_t>::max();

// How long the suite waits for an operation that must not block at all: only a store that
// deadlocks ever reaches it, nothing here measures speed.
inline constexpr std::chrono::seconds kDeadlockGuard{10};

template <typename Factory, typename = void>
struct is_persistent : std::false_type {};
template <typename Factory>
struct is_persistent<Factory, std::void_t<decltype(Factory::persistent)>>
    : std::bool_constant<Factory::persistent> {};

// JSON in canonical form (object keys sorted, no spaces); text that is not JSON stays visible.
inline std::string canonical_json(const std::string& text) {
    const auto parsed = nlohmann::json::parse(text, nullptr, false);
    return parsed.is_discarded() ? "<not JSON: " + text + ">" : parsed.dump();
}

inline std::string render(const std::vector<std::string>& values) {
    std::string out = "[";
    for (const auto& value : values) out += (out.size() > 1 ? ", " : "") + value;
    return out + "]";
}

inline std::string render(const Identity& identity) {
    return std::string(to_string(identity.kind)) + "(" + identity.scope + ")" + identity.value;
}

inline std::string render(const Lead& lead) {
    std::vector<std::string> identities;
    for (const auto& identity : lead.identities) identities.push_back(render(identity));
    return "lead " + std::to_string(lead.id) + " identities " + render(identities) + " attributes " +
           canonical_json(lead.attributes) + " channel " + lead.channel + " channels " +
           render(lead.channels) + " attribution " + lead.attribution.source + "/" + lead.attribution.medium +
           "/" + lead.attribution.campaign + " last touch " + lead.last_attribution.source + "/" +
           lead.last_attribution.medium + "/" + lead.last_attribution.campaign + " tags " + render(lead.tags) + " tier " + to_string(lead.tier) +
           " pool " + std::to_string(lead.pool) + " owner '" + lead.owner + "' reached " +
           std::to_string(lead.reached) + " created " + std::to_string(lead.created_at) + " updated " +
           std::to_string(lead.updated_at) + " activity " + std::to_string(lead.last_activity_at) + " seen " +
           std::to_string(lead.last_seen_at) + " version " + std::to_string(lead.version) + " referred by " +
           std::to_string(lead.referred_by) + " merged into " + std::to_string(lead.merged_into);
}

inline std::string render(const User& user) {
    return "user " + user.id + " '" + user.name + "' '" + user.department + "' roles " + render(user.roles) +
           (user.active ? " active" : " inactive");
}

inline std::string render(const Pool& pool) {
    return "pool " + std::to_string(pool.id) + " '" + pool.name + "' parent " +
           (pool.parent ? std::to_string(*pool.parent) : "none") + " managers " + render(pool.managers) +
           " members " + render(pool.members);
}

// Without seq, which the store assigns: the checks on seq are separate.
inline std::string render(const HistoryEntry& entry) {
    return "history lead " + std::to_string(entry.lead) + " " + to_string(entry.action) + " by " +
           entry.actor + " at " + std::to_string(entry.at) + " from " + to_string(entry.from_tier) + "/" +
           std::to_string(entry.from_pool) + "/'" + entry.from_owner + "' to " + to_string(entry.to_tier) +
           "/" + std::to_string(entry.to_pool) + "/'" + entry.to_owner + "' reason '" + entry.reason +
           "' detail " + canonical_json(entry.detail);
}

// Without seq, as for history.
inline std::string render(const OrgEvent& event) {
    return std::string("event ") + to_string(event.kind) + " by " + event.actor + " at " +
           std::to_string(event.at) + " detail " + canonical_json(event.detail);
}

// Without seq, as for history.
inline std::string render(const LeadEvent& event) {
    return "lead event lead " + std::to_string(event.lead) + " " + event.type + " at " +
           std::to_string(event.at) + " on " + event.channel + " payload " + canonical_json(event.payload);
}

inline std::string render(const std::vector<Identity>& identities) {
    std::vector<std::string> out;
    for (const auto& identity : identities) out.push_back(render(identity));
    return render(out);
}

inline std::string render(const MergeRecord& merge) {
    return "merge " + std::to_string(merge.id) + " survivor " + std::to_string(merge.survivor) +
           " absorbed " + std::to_string(merge.absorbed) + " by " + merge.actor + " at " +
           std::to_string(merge.at) + " reason '" + merge.reason + "'" +
           (merge.collision ? " collision" : "") + " absorbed owner '" + merge.absorbed_owner +
           "' identities " + render(merge.identities) + " unmerged at " +
           (merge.unmerged_at ? std::to_string(*merge.unmerged_at) : "none") + " by '" + merge.unmerged_by +
           "' absorbed referrer " + std::to_string(merge.absorbed_referrer);
}

inline std::string id_list(const std::vector<std::int64_t>& values) {
    std::string out;
    for (const auto value : values) out += (out.empty() ? "" : ",") + std::to_string(value);
    return out;
}

inline std::string render(const IdentityConflict& conflict) {
    return "conflict " + std::to_string(conflict.id) + " rule " +
           std::to_string(static_cast<int>(conflict.rule)) + " at " + std::to_string(conflict.at) + " by " +
           conflict.actor + " record " + conflict.channel + "/" + conflict.record_id + " lead " +
           std::to_string(conflict.lead) + " others " + id_list(conflict.others) + " identities " +
           render(conflict.identities) + " message '" + conflict.message + "' state " +
           std::to_string(static_cast<int>(conflict.state)) + " by '" + conflict.resolved_by + "' at " +
           (conflict.resolved_at ? std::to_string(*conflict.resolved_at) : "none") + " reason '" +
           conflict.resolution_reason + "' merges " + id_list(conflict.resolution_merges);
}

inline std::string render(const Opportunity& o) {
    std::string collaborators;
    for (const auto& c : o.collaborators) {
        collaborators += " " + c.user + "@" + c.step + "/" + std::to_string(c.joined_at);
    }
    return "opportunity " + std::to_string(o.lead) + "#" + std::to_string(o.number) + " " + o.product_type +
           " '" + o.workflow + "' at '" + o.step + "' amount " + std::to_string(o.amount) + " owner '" +
           o.owner.user + "' team " + (o.owner.team ? std::to_string(*o.owner.team) : "none") +
           " collaborators" + collaborators + " " + to_string(o.status) + " opened " +
           std::to_string(o.opened_at) + " closed " + std::to_string(o.closed_at) + " order " +
           std::to_string(o.order_amount) + " lost '" + o.lost_reason + "'";
}

// One line per value.
template <typename T>
std::string render(const std::vector<T>& values) {
    std::string out;
    for (const auto& value : values) out += render(value) + "\n";
    return out;
}

template <typename T>
std::string render(const std::optional<T>& value) {
    return value ? render(*value) : "none";
}

inline std::string render(const std::optional<LeadId>& id) { return id ? std::to_string(*id) : "none"; }

// The cells as a multiset: zero counts left out (the contract allows them), the rest sorted.
inline std::string render_funnel(std::vector<FunnelCell> cells) {
    cells.erase(std::remove_if(cells.begin(), cells.end(), [](const FunnelCell& c) { return c.count == 0; }),
                cells.end());
    const auto key = [](const FunnelCell& c) { return std::make_tuple(c.tier, c.reached, c.count); };
    std::sort(cells.begin(), cells.end(),
              [&](const FunnelCell& a, const FunnelCell& b) { return key(a) < key(b); });
    std::string out;
    for (const auto& cell : cells) {
        out += std::string(to_string(cell.tier)) + "/" + std::to_string(cell.reached) + ": " +
               std::to_string(cell.count) + "\n";
    }
    return out;
}

inline std::string ids(const std::vector<Lead>& leads) {
    std::string out;
    for (const auto& lead : leads) out += (out.empty() ? "" : ",") + std::to_string(lead.id);
    return out;
}

inline void check_increasing(const std::vector<std::int64_t>& values) {
    for (std::size_t i = 1; i < values.size(); ++i) CHECK(values[i - 1] < values[i]);
}

template <typename Rows>
std::vector<std::int64_t> seqs(const Rows& rows) {
    std::vector<std::int64_t> out;
    for (const auto& row : rows) out.push_back(row.seq);
    return out;
}

// The seq of the newest row; 0 when there is none.
template <typename Rows>
std::int64_t last_seq(const Rows& rows) {
    return rows.empty() ? 0 : rows.back().seq;
}

}  // namespace leadpool::conformance
