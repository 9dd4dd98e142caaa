// leadpool CLI — the funnel broken down by one or two keys (pool, owner, channel, campaign,
// score_band, product_type, month, week) with one Engine::funnel_breakdown call.
#pragma once

#include <leadpool/funnel_breakdown.hpp>
#include <leadpool/pool.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leadpool::cli {

struct Session;

// "pool", "pool,month", "owner,score_band", ...: one or two keys; month and week name the capture
// periods. A score band reads `score_model` in bands of `band_width` points.
FunnelBreakdownRequest parse_breakdown(const std::string& names, const std::string& score_model,
                                       std::int64_t band_width);
// The CLI's name of a key: "month" and "week" for the capture periods, else the engine's.
std::string breakdown_name(BreakdownKey key);

// The names group values show as: of the pools and users the actor may list.
class GroupNames {
public:
    struct Names {
        std::map<PoolId, std::string> pools;
        std::map<UserId, std::string> users;
    };
    explicit GroupNames(Session& session);
    // What people read for `value` of `key`: the pool's or user's name, "2026-03", "(none)".
    std::string label(BreakdownKey key, const BreakdownValue& value) const;
    const Names& names() const { return names_; }
    const std::vector<Pool>& pools() const { return pools_; }

private:
    std::vector<Pool> pools_;
    Names names_;
};

struct FunnelGroup {
    std::vector<std::optional<std::string>> values;  // per key: pool id, user id, "2026-03", ...; none
    std::string key;    // the values joined by ","; none as ""
    std::string label;  // what people read, joined by " / ": the pool's or user's name, "(none)"
    int depth = 0;      // by pool alone: how deep in the tree
    FunnelReport report;
};

// The groups with at least one lead: by pool alone as the pool tree, else in the engine's order.
std::vector<FunnelGroup> funnel_by(Session& session, const FunnelBreakdownRequest& request);

}  // namespace leadpool::cli
