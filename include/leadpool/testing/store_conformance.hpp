// The Store conformance suite: what every leadpool::Store promises (leadpool/store.hpp), as one
// doctest test case template, installed with the package. The built-in stores run it in
// tests/store_conformance_test.cpp; a host that writes its own store runs it the same way, from
// any test file of its doctest binary:
//
//     #include <leadpool/testing/store_conformance.hpp>
//
//     struct MyStoreFactory {
//         // The first call: a store over fresh, empty backing. Every later call on the same
//         // object: a new Store over that same data (only needed when `persistent`).
//         std::unique_ptr<leadpool::Store> open();
//         // Optional. When true, the suite also checks what survives reopening.
//         static constexpr bool persistent = true;
//     };
//
//     TEST_CASE_TEMPLATE_INVOKE(leadpool_store_conformance, MyStoreFactory);
//
// Every subcase runs on a new Factory object, so on a fresh store. The suite belongs to the test
// suite "store conformance" (run it alone with -ts="store conformance"). It needs doctest (one
// file of the binary defines DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN or its own main), nlohmann_json
// (JSON text compares as JSON) and threads; leadpool's own headers need neither. The parts, one
// concept each, are in leadpool/testing/store_conformance/.
#pragma once

#include "leadpool/testing/store_conformance/campaigns.hpp"
#include "leadpool/testing/store_conformance/cohorts.hpp"
#include "leadpool/testing/store_conformance/collisions.hpp"
#include "leadpool/testing/store_conformance/feed.hpp"
#include "leadpool/testing/store_conformance/funnel_groups.hpp"
#include "leadpool/testing/store_conformance/ingestion.hpp"
#include "leadpool/testing/store_conformance/lead_lists.hpp"
#include "leadpool/testing/store_conformance/personal_data.hpp"
#include "leadpool/testing/store_conformance/pipeline.hpp"
#include "leadpool/testing/store_conformance/pool_mechanics.hpp"
#include "leadpool/testing/store_conformance/public_share.hpp"
#include "leadpool/testing/store_conformance/records.hpp"
#include "leadpool/testing/store_conformance/review.hpp"
#include "leadpool/testing/store_conformance/scores.hpp"
#include "leadpool/testing/store_conformance/selections.hpp"
#include "leadpool/testing/store_conformance/tier_moves.hpp"
#include "leadpool/testing/store_conformance/tier_times.hpp"
#include "leadpool/testing/store_conformance/holdings.hpp"
#include "leadpool/testing/store_conformance/transactions.hpp"

TEST_CASE_TEMPLATE_DEFINE("Store conformance" * doctest::test_suite("store conformance"), Factory,
                          leadpool_store_conformance) {
    namespace lc = leadpool::conformance;
    Factory factory;
    std::unique_ptr<leadpool::Store> store = factory.open();
    REQUIRE(store);
    // Each part runs under CHECK_NOTHROW: doctest skips the remaining subcases after an uncaught
    // exception, and one store bug must not hide the rest of the report.

    SUBCASE("a fresh store holds the master pool and nothing else") {
        CHECK_NOTHROW(lc::check_fresh_store(*store));
    }
    SUBCASE("settings round-trip and are overwritten") { CHECK_NOTHROW(lc::check_settings(*store)); }
    SUBCASE("put_user inserts or replaces; users() is by id") { CHECK_NOTHROW(lc::check_users(*store)); }
    SUBCASE("pools get new ids, round-trip, and their names are unique") {
        CHECK_NOTHROW(lc::check_pools(*store));
    }
    SUBCASE("every field of a lead round-trips") { CHECK_NOTHROW(lc::check_lead_round_trip(*store)); }
    SUBCASE("lead ids increase, the given id is ignored") { CHECK_NOTHROW(lc::check_lead_ids(*store)); }
    SUBCASE("lead_by_identity matches kind, scope and value exactly") {
        CHECK_NOTHROW(lc::check_identity_lookup(*store));
    }
    SUBCASE("update_lead replaces identities, tags and channels") {
        CHECK_NOTHROW(lc::check_update_lead(*store));
    }
    SUBCASE("an identity held by another lead is a conflict") {
        CHECK_NOTHROW(lc::check_identity_conflicts(*store));
    }
    SUBCASE("history round-trips, oldest first") { CHECK_NOTHROW(lc::check_history(*store)); }
    SUBCASE("org events round-trip, oldest first") { CHECK_NOTHROW(lc::check_org_events(*store)); }
    SUBCASE("a writer dropped without commit rolls back") { CHECK_NOTHROW(lc::check_rollback(*store)); }
    SUBCASE("a reader keeps its snapshot across a commit") {
        CHECK_NOTHROW(lc::check_reader_keeps_snapshot(*store));
    }
    SUBCASE("a reader beside an open writer neither waits nor sees it") {
        CHECK_NOTHROW(lc::check_reader_beside_writer(*store));
    }
    SUBCASE("a writer sees its own writes") { CHECK_NOTHROW(lc::check_writer_sees_own_writes(*store)); }
    SUBCASE("writers take turns") { CHECK_NOTHROW(lc::check_writers_take_turns(*store)); }
    SUBCASE("leads() and funnel() agree with selection_matches") {
        CHECK_NOTHROW(lc::check_leads_and_funnel(*store));
    }
    SUBCASE("lead-list filters agree with selection_matches; sorted_leads pages by its cursor") {
        CHECK_NOTHROW(lc::check_lead_lists(*store));
    }
    SUBCASE("funnel() stays exact as leads move") { CHECK_NOTHROW(lc::check_funnel_after_moves(*store)); }
    SUBCASE("funnel_groups() counts by every key as its default on leads() does") {
        CHECK_NOTHROW(lc::check_funnel_groups(*store));
    }
    SUBCASE("tier_moves() counts the history's moves as its default on history() does") {
        CHECK_NOTHROW(lc::check_tier_moves(*store));
    }
    SUBCASE("owner_holdings() counts each owner's leads as its default on history() does") {
        CHECK_NOTHROW(lc::check_owner_holdings(*store));
    }
    SUBCASE("collisions() pages what its default on history() and selected_merges() pages") {
        CHECK_NOTHROW(lc::check_collisions(*store));
    }
    SUBCASE("public_share() counts each point as its default on history() does") {
        CHECK_NOTHROW(lc::check_public_share(*store));
    }
    SUBCASE("cohort_cells() counts first moves by period as its default on history() does") {
        CHECK_NOTHROW(lc::check_cohort_cells(*store));
    }
    SUBCASE("tier_time_samples() gives the stays and orders its default on history() gives, merged or not") {
        CHECK_NOTHROW(lc::check_tier_time_samples(*store));
    }
    SUBCASE("absorbed leads are in no list and no funnel; absorbed_into finds them") {
        CHECK_NOTHROW(lc::check_merged_leads(*store));
    }
    SUBCASE("deliveries round-trip; a record delivered twice is a conflict") {
        CHECK_NOTHROW(lc::check_deliveries(*store));
    }
    SUBCASE("a prefetch changes no answer") { CHECK_NOTHROW(lc::check_prefetch(*store)); }
    SUBCASE("changes are numbered in commit order without gaps, and pruned oldest first") {
        CHECK_NOTHROW(lc::check_change_feed(*store));
    }
    SUBCASE("feed consumers round-trip, by name") { CHECK_NOTHROW(lc::check_feed_consumers(*store)); }
    SUBCASE("lead events round-trip by lead, in the order appended") {
        CHECK_NOTHROW(lc::check_events(*store));
    }
    SUBCASE("identity joins add up from 0") { CHECK_NOTHROW(lc::check_identity_joins(*store)); }
    SUBCASE("merge records get new ids, round-trip and are replaced") {
        CHECK_NOTHROW(lc::check_merge_records(*store));
    }
    SUBCASE("identity conflicts get new ids and round-trip, by id") {
        CHECK_NOTHROW(lc::check_identity_conflict_log(*store));
    }
    SUBCASE("selected_merges agrees with merge_matches and pages by id either way") {
        CHECK_NOTHROW(lc::check_selected_merges(*store));
    }
    SUBCASE("selected_identity_conflicts agrees with conflict_matches and pages by id either way") {
        CHECK_NOTHROW(lc::check_selected_identity_conflicts(*store));
    }
    SUBCASE("a conflict's resolution round-trips through rewrite_identity_conflict") {
        CHECK_NOTHROW(lc::check_conflict_resolution(*store));
    }
    SUBCASE("opportunities round-trip by lead and number, and are replaced") {
        CHECK_NOTHROW(lc::check_opportunities(*store));
    }
    SUBCASE("selected_opportunities filters opportunities and their leads, and pages by (lead, number)") {
        CHECK_NOTHROW(lc::check_selected_opportunities(*store));
    }
    SUBCASE("idle_leads finds held leads of a pool idle since before a time") {
        CHECK_NOTHROW(lc::check_idle_leads(*store));
    }
    SUBCASE("set_owners hands leads to owners and touches nothing else") {
        CHECK_NOTHROW(lc::check_set_owners(*store));
    }
    SUBCASE("set_owners keeps lists and the funnel exact") {
        CHECK_NOTHROW(lc::check_funnel_after_set_owners(*store));
    }
    SUBCASE("an erasure's rewrites change those fields only, and a reader keeps its snapshot") {
        CHECK_NOTHROW(lc::check_rewrites(*store));
    }
    SUBCASE("deliveries are listed by lead and given new record ids") {
        CHECK_NOTHROW(lc::check_deliveries_of_lead(*store));
    }
    SUBCASE("identity joins are forgotten") { CHECK_NOTHROW(lc::check_identity_joins_removed(*store)); }
    SUBCASE("the suppression list holds each hash once") { CHECK_NOTHROW(lc::check_suppressions(*store)); }
    SUBCASE("lead_changes lists a lead's changes, by seq") { CHECK_NOTHROW(lc::check_lead_changes(*store)); }
    SUBCASE("leads() and funnel() select by referrer as selection_matches does") {
        CHECK_NOTHROW(lc::check_referred_by(*store));
    }
    SUBCASE("leads() and funnel() select by the campaign of either touch as selection_matches does") {
        CHECK_NOTHROW(lc::check_campaign(*store));
    }
    SUBCASE("a lead's scores are replaced whole, listed by model and found when due") {
        CHECK_NOTHROW(lc::check_lead_scores(*store));
    }
    SUBCASE("leads() and funnel() select by a score range as selection_matches does") {
        CHECK_NOTHROW(lc::check_score_ranges(*store));
    }
    SUBCASE("sorted_leads() orders by the points of a model, leaving the unscored out") {
        CHECK_NOTHROW(lc::check_score_sorts(*store));
    }
    SUBCASE("a scrub with no reader open holds nothing back") { CHECK_NOTHROW(lc::check_scrub(*store)); }
    if constexpr (lc::is_persistent<Factory>::value) {
        SUBCASE("what was committed survives reopening, nothing else") {
            CHECK_NOTHROW(lc::check_persistence(factory, store));
        }
    }
}
