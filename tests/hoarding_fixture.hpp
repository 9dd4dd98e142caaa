// Two working days of a sales team on the ManualClock, for the collision, hoarding and public share
// reports: a lead released by ann and claimed by bob, a lead two users followed up, two leads of
// ann and bob merged, a transfer by the manager, an idle lead recycled.
#pragma once

#include "pool_fixture.hpp"

namespace leadpool::testing {

inline constexpr Timestamp kHour = 3600000;
// The working day the collisions happen on: Friday 2 January 2026.
inline constexpr Timestamp kBusyDay = kStart + kDay;
// When the reports are read: Monday 12 January 2026, 00:00.
inline constexpr Timestamp kReportTime = kStart + 11 * kDay;

// At kStart + 1h, in north (sam manages it; ann, bob, cy and dan are members), and south, a pool
// below north for dan whose held leads are recycled after two idle days:
//   l1 unowned; l2, l3a ann's; l3b, l4, l5 bob's; l6 dan's, in south.
// Then (kBusyDay + hours):
//   1h ann claims l1, 2h follows it up, 3h releases it; 4h bob claims l1, 5h follows it up;
//   6h ann follows up l2, 7h sam does; 8h bob follows up l3b, 8h30 ann l3a; 9h boss merges l3a
//   and l3b (l3a survives: a collision merge); 10h sam transfers l5 from bob to cy.
// kStart + 5 days: the maintenance run recycles l6 (dan's, idle since kStart + 1h).
// kStart + 8 days ann follows up l2, kStart + 9 days bob follows up l1; the clock stops at
// kReportTime.
template <typename Factory>
struct BusyDays : SalesTeam<Factory> {
    PoolId south = 0;
    LeadId l1 = 0, l2 = 0, l3a = 0, l3b = 0, l4 = 0, l5 = 0, l6 = 0;
    MergeId merge = 0;

    BusyDays() {
        Engine& e = this->engine_ref();
        south = e.create_pool("boss", PoolSpec{"south", this->north, {}, {"dan"}}).id;
        PoolSettings recycling;
        recycling.held_idle_ms = 2 * kDay;
        e.set_pool_settings("boss", south, recycling);
        at(kStart + kHour);
        l1 = this->in_north("13900000001");
        l2 = this->in_north("13900000002", "ann");
        l3a = this->in_north("13900000003", "ann");
        l3b = this->in_north("13900000004", "bob");
        l4 = this->in_north("13900000005", "bob");
        l5 = this->in_north("13900000006", "bob");
        l6 = this->capture("13900000007");
        e.transition("boss", TransitionRequest::distribute(l6, south, "dan"));

        at(kBusyDay + kHour);
        e.claim("ann", l1);
        at(kBusyDay + 2 * kHour);
        follow_up("ann", l1);
        at(kBusyDay + 3 * kHour);
        e.release("ann", l1);
        at(kBusyDay + 4 * kHour);
        e.claim("bob", l1);
        at(kBusyDay + 5 * kHour);
        follow_up("bob", l1);
        at(kBusyDay + 6 * kHour);
        follow_up("ann", l2);
        at(kBusyDay + 7 * kHour);
        follow_up("sam", l2);
        at(kBusyDay + 8 * kHour);
        follow_up("bob", l3b);
        at(kBusyDay + 8 * kHour + kHour / 2);
        follow_up("ann", l3a);
        at(kBusyDay + 9 * kHour);
        merge = e.merge_leads("boss", l3a, l3b, "same shop").id;
        at(kBusyDay + 10 * kHour);
        e.transition("sam", TransitionRequest::transfer(l5, std::nullopt, "cy"));

        at(kStart + 5 * kDay);
        e.maintain("boss");
        at(kStart + 8 * kDay);
        follow_up("ann", l2);
        at(kStart + 9 * kDay);
        follow_up("bob", l1);
        at(kReportTime);
    }

    void at(Timestamp when) { this->clock->set(when); }
    void follow_up(const UserId& user, LeadId lead) {
        this->engine_ref().follow_up(user, lead, FollowUp{ActivityKind::call, std::nullopt, "", ""});
    }
};

}  // namespace leadpool::testing
