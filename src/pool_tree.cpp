#include "pool_tree.hpp"

#include <algorithm>
#include <map>

namespace leadpool::detail {

std::vector<PoolId> subtree(const std::vector<Pool>& pools, const std::vector<PoolId>& roots) {
    std::multimap<PoolId, PoolId> children;
    for (const auto& pool : pools) {
        if (pool.parent) children.emplace(*pool.parent, pool.id);
    }
    std::vector<PoolId> out;
    std::vector<PoolId> pending = roots;
    while (!pending.empty()) {
        PoolId id = pending.back();
        pending.pop_back();
        if (std::find(out.begin(), out.end(), id) != out.end()) continue;
        out.push_back(id);
        auto [first, last] = children.equal_range(id);
        for (auto it = first; it != last; ++it) pending.push_back(it->second);
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool is_within(const std::vector<Pool>& pools, PoolId pool, PoolId ancestor) {
    auto below = subtree(pools, {ancestor});
    return std::binary_search(below.begin(), below.end(), pool);
}

}  // namespace leadpool::detail
