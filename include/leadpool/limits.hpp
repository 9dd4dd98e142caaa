// leadpool — documented size limits. Input over a limit is refused with
// Error(limit_exceeded) and changes nothing; the limits keep one caller from exhausting a host.
#pragma once

#include <cstddef>

namespace leadpool {

inline constexpr std::size_t kMaxPageSize = 1000;            // leads per page of a list
inline constexpr std::size_t kMaxBatchSize = 10000;          // items in one capture or transition batch
inline constexpr std::size_t kMaxAttributesBytes = 1 << 20;  // a lead's attributes, as JSON text
inline constexpr std::size_t kMaxJsonDepth = 64;             // nesting of attributes and input JSON
inline constexpr std::size_t kMaxTextBytes = 4096;           // an id, name, identity value, tag, reason

}  // namespace leadpool
