#include "breakdown.hpp"

#include <leadpool/engine.hpp>

#include <functional>
#include <map>
#include <sstream>

#include "exit_codes.hpp"
#include "session.hpp"
#include "time_text.hpp"

namespace leadpool::cli {
namespace {

constexpr const char* kKeyNames = "pool, owner, channel, campaign, score_band, product_type, month or week";

// A key's value as the CLI shows it: the value itself, and its label.
struct Shown {
    std::optional<std::string> value;
    std::string label;
};

Shown shown(BreakdownKey key, const BreakdownValue& value, const GroupNames::Names& names) {
    if (std::holds_alternative<std::monostate>(value)) return {std::nullopt, "(none)"};
    if (const auto* text = std::get_if<std::string>(&value)) {
        const auto user = key == BreakdownKey::owner ? names.users.find(*text) : names.users.end();
        return {*text, user == names.users.end() ? *text : user->second};
    }
    const std::int64_t number = std::get<std::int64_t>(value);
    switch (key) {
    case BreakdownKey::capture_month: return {format_date(number).substr(0, 7), format_date(number).substr(0, 7)};
    case BreakdownKey::capture_week: return {format_date(number), format_date(number)};
    case BreakdownKey::pool: {
        const auto pool = names.pools.find(number);
        return {std::to_string(number), pool == names.pools.end() ? std::to_string(number) : pool->second};
    }
    default: return {std::to_string(number), std::to_string(number)};
    }
}

// By pool alone the groups follow the pool tree, each indented by its depth.
std::vector<FunnelGroup> as_pool_tree(std::vector<FunnelGroup> groups, const std::vector<Pool>& pools) {
    std::map<std::string, FunnelGroup*> by_id;
    for (FunnelGroup& group : groups) by_id[group.key] = &group;
    std::map<std::optional<PoolId>, std::vector<const Pool*>> children;
    for (const Pool& pool : pools) {
        if (pool.id != kMasterPoolId) children[pool.parent].push_back(&pool);
    }
    std::vector<FunnelGroup> tree;
    const auto take = [&](PoolId id, int depth) {
        const auto found = by_id.find(std::to_string(id));
        if (found == by_id.end()) return;
        found->second->depth = depth;
        tree.push_back(std::move(*found->second));
        by_id.erase(found);
    };
    take(kMasterPoolId, 0);
    std::function<void(std::optional<PoolId>, int)> walk = [&](std::optional<PoolId> parent, int depth) {
        for (const Pool* pool : children[parent]) {
            take(pool->id, depth);
            walk(pool->id, depth + 1);
        }
    };
    walk(std::nullopt, 0);
    for (auto& [id, group] : by_id) tree.push_back(std::move(*group));  // pools the actor cannot list
    return tree;
}

}  // namespace

std::string breakdown_name(BreakdownKey key) {
    if (key == BreakdownKey::capture_month) return "month";
    if (key == BreakdownKey::capture_week) return "week";
    return to_string(key);
}

FunnelBreakdownRequest parse_breakdown(const std::string& names, const std::string& score_model,
                                       std::int64_t band_width) {
    FunnelBreakdownRequest request;
    std::istringstream list(names);
    for (std::string name; std::getline(list, name, ',');) {
        std::optional<BreakdownKey> key = parse_breakdown_key(name);
        if (name == "month") key = BreakdownKey::capture_month;
        if (name == "week") key = BreakdownKey::capture_week;
        if (!key) throw UsageError("--by: '" + name + "' is none of " + kKeyNames);
        request.keys.push_back(*key);
    }
    if (request.keys.empty() || request.keys.size() > kMaxBreakdownKeys) {
        throw UsageError("--by: one or two of " + std::string(kKeyNames) + ", e.g. pool,month");
    }
    request.score_model = score_model;
    request.band_width = band_width;
    return request;
}

GroupNames::GroupNames(Session& session) {
    Engine& engine = session.engine();
    pools_ = engine.pools(session.as());
    for (const Pool& pool : pools_) names_.pools[pool.id] = pool.name;
    for (const User& user : engine.users(session.as())) names_.users[user.id] = user.name.empty() ? user.id : user.name;
}

std::string GroupNames::label(BreakdownKey key, const BreakdownValue& value) const {
    return shown(key, value, names_).label;
}

std::vector<FunnelGroup> funnel_by(Session& session, const FunnelBreakdownRequest& request) {
    const FunnelBreakdown breakdown = session.engine().funnel_breakdown(session.as(), {}, request);
    const GroupNames names(session);

    std::vector<FunnelGroup> groups;
    for (const FunnelBreakdown::Row& row : breakdown.rows) {
        FunnelGroup group;
        for (std::size_t i = 0; i < breakdown.keys.size(); ++i) {
            Shown each = shown(breakdown.keys[i], row.group.at(i), names.names());
            group.key += (i ? "," : "") + each.value.value_or("");
            group.label += (i ? " / " : "") + each.label;
            group.values.push_back(std::move(each.value));
        }
        group.report = row.report;
        groups.push_back(std::move(group));
    }
    if (request.keys == std::vector<BreakdownKey>{BreakdownKey::pool}) {
        return as_pool_tree(std::move(groups), names.pools());
    }
    return groups;
}

}  // namespace leadpool::cli
