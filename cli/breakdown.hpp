// leadpool CLI — the funnel broken down by pool, owner, channel or month: one Engine::funnel call
// per group, with the group as its filter.
#pragma once

#include <leadpool/query.hpp>

#include <string>
#include <vector>

namespace leadpool::cli {

struct Session;

enum class Breakdown { pool, owner, channel, month };

struct FunnelGroup {
    std::string key;    // the pool id, user id, channel or "2026-03"
    std::string label;  // what people read: the pool's or user's name
    int depth = 0;      // pools: how deep in the tree
    FunnelReport report;
};

Breakdown parse_breakdown(const std::string& name);
const char* to_string(Breakdown by);

// The groups with at least one lead, in a stable order (pools as a tree, the rest sorted).
std::vector<FunnelGroup> funnel_by(Session& session, Breakdown by);

}  // namespace leadpool::cli
