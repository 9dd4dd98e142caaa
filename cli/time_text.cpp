#include "time_text.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>

#include "exit_codes.hpp"

namespace leadpool::cli {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Cursor {
    std::string_view text;
    std::size_t at = 0;

    bool done() const { return at == text.size(); }
    bool eat(char c) {
        if (at < text.size() && text[at] == c) return ++at, true;
        return false;
    }
    // Exactly `count` digits.
    std::optional<unsigned> digits(std::size_t count) {
        unsigned value = 0;
        for (std::size_t i = 0; i < count; ++i) {
            if (at >= text.size() || !std::isdigit(static_cast<unsigned char>(text[at]))) return std::nullopt;
            value = value * 10 + static_cast<unsigned>(text[at++] - '0');
        }
        return value;
    }
};

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

}  // namespace

std::optional<Timestamp> parse_time(std::string_view text) {
    text = trimmed(text);
    if (text.empty()) return std::nullopt;
    // Milliseconds since the epoch: digits only (a date always has a '-').
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    if (digits == text.size() && digits > 4) {
        if (digits > 18) return std::nullopt;
        return static_cast<Timestamp>(std::stoll(std::string(text)));
    }
    Cursor c{text};
    const auto year = c.digits(4);
    if (!year || !c.eat('-')) return std::nullopt;
    const auto month = c.digits(2);
    if (!month || !c.eat('-')) return std::nullopt;
    const auto day = c.digits(2);
    if (!day || *month < 1 || *month > 12 || *day < 1 || *day > 31) return std::nullopt;
    std::int64_t ms = 0;
    std::int64_t offset_minutes = 0;
    if (!c.done()) {
        if (!c.eat('T') && !c.eat(' ')) return std::nullopt;
        const auto hour = c.digits(2);
        if (!hour || !c.eat(':')) return std::nullopt;
        const auto minute = c.digits(2);
        if (!minute || *hour > 23 || *minute > 59) return std::nullopt;
        unsigned second = 0, milli = 0;
        if (c.eat(':')) {
            const auto s = c.digits(2);
            if (!s || *s > 60) return std::nullopt;
            second = *s;
            if (c.eat('.')) {
                const auto m = c.digits(3);
                if (!m) return std::nullopt;
                milli = *m;
            }
        }
        ms = ((static_cast<std::int64_t>(*hour) * 60 + *minute) * 60 + second) * 1000 + milli;
        if (c.eat('Z')) {
        } else if (!c.done()) {
            const bool minus = c.text[c.at] == '-';
            if (!c.eat('+') && !c.eat('-')) return std::nullopt;
            const auto oh = c.digits(2);
            if (!oh) return std::nullopt;
            c.eat(':');
            const auto om = c.digits(2);
            if (!om || *oh > 23 || *om > 59) return std::nullopt;
            offset_minutes = (minus ? -1 : 1) * static_cast<std::int64_t>(*oh * 60 + *om);
        }
    }
    if (!c.done()) return std::nullopt;
    return days_from_civil(*year, *month, *day) * 86'400'000 + ms - offset_minutes * 60'000;
}

std::optional<Timestamp> time_flag(const std::string& text, const char* flag) {
    if (text.empty()) return std::nullopt;
    const auto at = parse_time(text);
    if (!at) throw UsageError(std::string(flag) + ": '" + text + "' is not a time (2026-01-31, ISO 8601 or ms)");
    return at;
}

std::string format_time(Timestamp at) {
    const std::time_t seconds = static_cast<std::time_t>(at / 1000 - (at % 1000 < 0 ? 1 : 0));
    const int milli = static_cast<int>(((at % 1000) + 1000) % 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[80];  // room for any int the compiler cannot bound
    if (milli != 0) {
        std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                      tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, milli);
    } else {
        std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                      tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    }
    return text;
}

std::string format_date(Timestamp at) { return format_time(at).substr(0, 10); }

std::string format_duration(std::int64_t ms) {
    if (ms < 0) return "-" + format_duration(-ms);
    constexpr std::int64_t kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute, kDay = 24 * kHour;
    const auto two = [](std::int64_t big, const char* big_unit, std::int64_t small, const char* small_unit) {
        std::string text = std::to_string(big) + big_unit;
        if (small != 0) text += " " + std::to_string(small) + small_unit;
        return text;
    };
    if (ms >= kDay) return two(ms / kDay, "d", ms % kDay / kHour, "h");
    if (ms >= kHour) return two(ms / kHour, "h", ms % kHour / kMinute, "m");
    if (ms >= kMinute) return two(ms / kMinute, "m", ms % kMinute / kSecond, "s");
    return ms >= kSecond ? std::to_string(ms / kSecond) + "s" : std::to_string(ms) + "ms";
}

}  // namespace leadpool::cli
