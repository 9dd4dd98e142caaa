// The first quarter of 2026 on the ManualClock, for the funnel breakdown and period report tests:
// six captures and the moves after them, each at its own time.
#pragma once

#include <string>
#include <vector>

#include "engine_fixture.hpp"
#include "leadpool/json.hpp"

namespace leadpool::testing {

// "fit" gives 30 points to a big company and 12 to any of at least 50 people: 42, 12 or 0.
inline constexpr const char* kFitRules = R"({"models": [
  {"name": "fit", "rules": [
    {"name": "big", "points": 30, "when": [{"field": "attributes.employees", "op": "range", "min": 500}]},
    {"name": "staffed", "points": 12, "when": [{"field": "attributes.employees", "op": "range", "min": 50}]}]}]})";

inline constexpr Timestamp kHour = 3600000;
// 2026 starts on a Thursday (kStart): January has 31 days, February 28, March 31.
inline constexpr Timestamp kFebruary = kStart + 31 * kDay;
inline constexpr Timestamp kMarch = kStart + 59 * kDay;
inline constexpr Timestamp kApril = kStart + 90 * kDay;

// Six captures (UTC), where each lead is at the end and how it got there:
//   1  Thu 1 Jan 10:00  web   spring  800 people (fit 42)  east, ann: Jan 2 sub, Jan 20 opportunity,
//                                                           Feb 3 order
//   2  Thu 1 Jan 11:00  web   -       100 people (fit 12)  east, ann: Jan 2 sub
//   3  Mon 5 Jan 09:00  shop  spring   10 people (fit 0)   west, bob: Jan 6 sub, Feb 11 opportunity
//   4  Tue 10 Feb 08:00 web   summer  800 people (fit 42)  west, bob: Feb 11 sub
//   5  Tue 10 Feb 09:00 shop  -       100 people (fit 12)  master, unowned
//   6  Tue 31 Mar 23:00 shop  -        10 people (fit 0)   east, ann: Apr 1 01:00 sub
// Returns the ids, 1-based (id[0] is 0).
template <typename Factory>
std::vector<LeadId> capture_quarter(Company<Factory>& c) {
    Engine& e = *c.engine;
    e.set_scoring_rules("boss", scoring_rules_from_json(kFitRules));
    std::vector<LeadId> id(1, 0);
    const auto capture = [&](Timestamp at, const char* channel, const char* campaign, int employees) {
        c.clock->set(at);
        LeadInput input = phone_lead(std::to_string(13800000200LL + static_cast<std::int64_t>(id.size())), channel,
                                     R"({"employees": )" + std::to_string(employees) + "}");
        input.attribution.campaign = campaign;
        id.push_back(e.capture("boss", input).lead.id);
    };
    const auto at = [&](Timestamp when) { c.clock->set(when); };
    capture(kStart + 10 * kHour, "web", "spring", 800);
    capture(kStart + 11 * kHour, "web", "", 100);
    at(kStart + kDay + 9 * kHour);
    for (int i : {1, 2}) e.transition("boss", move(id[i], Action::distribute, c.east, "ann"));
    capture(kStart + 4 * kDay + 9 * kHour, "shop", "spring", 10);
    at(kStart + 5 * kDay + 9 * kHour);
    e.transition("boss", move(id[3], Action::distribute, c.west, "bob"));
    at(kStart + 19 * kDay + 9 * kHour);
    e.transition("boss", move(id[1], Action::qualify));
    at(kFebruary + 2 * kDay + 9 * kHour);
    e.transition("boss", move(id[1], Action::win));
    capture(kFebruary + 9 * kDay + 8 * kHour, "web", "summer", 800);
    capture(kFebruary + 9 * kDay + 9 * kHour, "shop", "", 100);
    at(kFebruary + 10 * kDay + 9 * kHour);
    e.transition("boss", move(id[4], Action::distribute, c.west, "bob"));
    e.transition("boss", move(id[3], Action::qualify));
    capture(kMarch + 30 * kDay + 23 * kHour, "shop", "", 10);
    at(kApril + kHour);
    e.transition("boss", move(id[6], Action::distribute, c.east, "ann"));
    return id;
}

}  // namespace leadpool::testing
