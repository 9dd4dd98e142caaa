// leadpool — time.
//
// Domain code never reads the system clock directly: the Engine asks its Clock, so hosts and
// tests can replay a month in a second (recycling, cool-downs, capture periods in reports).
#pragma once

#include <atomic>
#include <cstdint>

namespace leadpool {

// Milliseconds since 1970-01-01T00:00:00Z. Every time the library stores or reports is one.
using Timestamp = std::int64_t;

class Clock {
public:
    virtual ~Clock() = default;
    virtual Timestamp now() const = 0;
};

// Wall-clock time from std::chrono::system_clock.
class SystemClock final : public Clock {
public:
    Timestamp now() const override;
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
public:
    explicit ManualClock(Timestamp start = 0) : now_(start) {}
    Timestamp now() const override { return now_.load(); }
    void set(Timestamp t) { now_.store(t); }
    void advance(Timestamp ms) { now_.fetch_add(ms); }

private:
    std::atomic<Timestamp> now_;
};

}  // namespace leadpool
