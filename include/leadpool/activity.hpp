// leadpool — follow-up activities: the calls, messages, visits, meetings and notes that keep a
// lead alive (docs/design.md 4.5). Recording one resets the lead's idle clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "leadpool/clock.hpp"
#include "leadpool/lead.hpp"

namespace leadpool {

enum class ActivityKind : std::uint8_t {
    call = 0,
    message = 1,
    visit = 2,
    meeting = 3,
    note = 4,
};

// Stable names: "call", "message", "visit", "meeting", "note".
const char* to_string(ActivityKind kind) noexcept;
std::optional<ActivityKind> parse_activity_kind(std::string_view name) noexcept;

// What a salesperson reports.
struct FollowUp {
    ActivityKind kind = ActivityKind::call;
    std::optional<Timestamp> at;  // when it happened; default now; never in the future
    std::string outcome;          // e.g. "interested", "no answer"
    std::string note;
};

// A follow-up as recorded on the lead (a row of its history).
struct Activity {
    LeadId lead = 0;
    ActivityKind kind = ActivityKind::call;
    UserId actor;      // who
    Timestamp at = 0;  // when it happened
    Timestamp recorded_at = 0;
    std::string outcome;
    std::string note;
};

}  // namespace leadpool
