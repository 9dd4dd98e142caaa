// Batches: one size limit for every batch operation, and errors that name the failing item.
#pragma once

#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

#include "leadpool/error.hpp"
#include "leadpool/limits.hpp"

namespace leadpool::detail {

// Error(limit_exceeded) for a batch over kMaxBatchSize items.
inline void check_batch_size(std::size_t size, const char* operation) {
    if (size > kMaxBatchSize) {
        throw Error(ErrorCode::limit_exceeded, std::string(operation) + " batch of " + std::to_string(size) +
                                                   " items: at most " + std::to_string(kMaxBatchSize));
    }
}

// Applies `apply` to every item in order; a failure names the item that failed.
template <typename Item, typename Apply>
auto each_item(const std::vector<Item>& items, const char* operation, Apply&& apply) {
    check_batch_size(items.size(), operation);
    std::vector<std::invoke_result_t<Apply&, const Item&>> results;
    results.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        try {
            results.push_back(apply(items[i]));
        } catch (const Error& e) {
            throw Error(e.code(), std::string(operation) + " batch item " + std::to_string(i) + ": " + e.what());
        }
    }
    return results;
}

}  // namespace leadpool::detail
