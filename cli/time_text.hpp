// leadpool CLI — times as people write them: ISO 8601 dates and times, or ms since the epoch.
#pragma once

#include <leadpool/clock.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace leadpool::cli {

// "1767225600000" (ms since the epoch), "2026-01-01", "2026-01-01T09:30", "2026-01-01 09:30:15",
// with optional ".123" and a zone "Z", "+08:00" or "+0800" (none: UTC). nullopt when it is none.
std::optional<Timestamp> parse_time(std::string_view text);

// A flag's time: none when the flag is empty, UsageError naming the flag when it is no time.
std::optional<Timestamp> time_flag(const std::string& text, const char* flag);

// "2026-01-01T09:30:15Z" (with ".123" when there are milliseconds).
std::string format_time(Timestamp at);
// "2026-01-01".
std::string format_date(Timestamp at);
// A duration as people read it, to its two largest units, rounded down: "3d 4h", "23h", "5m 2s", "0ms".
std::string format_duration(std::int64_t ms);

}  // namespace leadpool::cli
