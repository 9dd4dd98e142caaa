#include "input_time.hpp"

#include "leadpool/error.hpp"
#include "leadpool/limits.hpp"

namespace leadpool::detail {

Timestamp checked_time(Timestamp at, Timestamp now, const std::string& field) {
    if (at <= now) return at;
    if (at - now <= kMaxClockSkewMs) return now;
    throw Error(ErrorCode::invalid_argument, field + ": " + std::to_string(at) + " is in the future: now is " +
                                                 std::to_string(now) + ", and at most " +
                                                 std::to_string(kMaxClockSkewMs) + " ms ahead is taken");
}

}  // namespace leadpool::detail
