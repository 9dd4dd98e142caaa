// Times that arrive from outside — a record's occurred_at, an event's at, a follow-up's at — are
// held to one rule against the engine's clock (kMaxClockSkewMs, include/leadpool/limits.hpp).
#pragma once

#include <string>

#include "leadpool/clock.hpp"

namespace leadpool::detail {

// `at` as the engine keeps it: at most `now`. A time up to kMaxClockSkewMs after `now` is a
// caller's clock running ahead and is taken as `now`; one further ahead throws
// Error(invalid_argument) naming `field` and both times.
Timestamp checked_time(Timestamp at, Timestamp now, const std::string& field);

}  // namespace leadpool::detail
