// leadpool — documented limits. Input over a size limit is refused with
// Error(limit_exceeded) and changes nothing; the limits keep one caller from exhausting a host.
#pragma once

#include <cstddef>
#include <cstdint>

namespace leadpool {

inline constexpr std::size_t kMaxPageSize = 1000;            // leads per page of a list
inline constexpr std::size_t kMaxBatchSize = 10000;          // items in one capture or transition batch
inline constexpr std::size_t kMaxAttributesBytes = 1 << 20;  // a lead's attributes, as JSON text
inline constexpr std::size_t kMaxJsonDepth = 64;             // nesting of attributes and input JSON
inline constexpr std::size_t kMaxTextBytes = 4096;           // an id, name, identity value, tag, reason
inline constexpr std::size_t kMaxTextSearchBytes = 256;      // the query of a lead list's text search
inline constexpr std::size_t kMaxTextSearchFields = 8;       // the attributes a text search reads
inline constexpr std::size_t kMaxFilterConditions = 16;      // attribute conditions of a lead filter
inline constexpr int kMaxReferralDepth = 32;                 // levels of one referral tree read
inline constexpr std::size_t kMaxReferralTreeSize = 10000;   // leads of one referral tree read
inline constexpr std::size_t kMaxScoringModels = 32;         // models in the scoring rules
inline constexpr std::size_t kMaxScoringRules = 256;         // rules in one scoring model
inline constexpr std::size_t kMaxRuleConditions = 64;        // conditions of one scoring rule

// How far ahead of the engine's clock an input's time may be (a record's occurred_at, an event's
// at, a follow-up's at), in milliseconds: the callers' clocks drift. A time within it is taken as
// the engine's now, so nothing stored is dated after the clock; a time further ahead is refused
// with Error(invalid_argument) naming the field and both times. A host's clock that runs ahead
// by more than this is a fault to fix, not data: a record dated next year would win every
// attribute until then.
inline constexpr std::int64_t kMaxClockSkewMs = 5 * 60 * 1000;

}  // namespace leadpool
