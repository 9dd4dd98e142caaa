// What the permission matrix suite runs on: every default stage on every store the engine-level
// suites run against (LEADPOOL_TEST_STORES), one doctest case per stage × store, so each run is a
// ctest test of its own and a failure names the stage and the store.
#pragma once

#include <doctest/doctest.h>
#include <leadpool/stage.hpp>

#include <string>
#include <tuple>
#include <utility>

#include "store_factories.hpp"

namespace leadpool::testing::permission_matrix {

struct FactoryLed {
    static constexpr OrgStage stage = OrgStage::factory_led;
    static constexpr const char* name = "FactoryLed";
};
struct SalesLed {
    static constexpr OrgStage stage = OrgStage::sales_led;
    static constexpr const char* name = "SalesLed";
};
struct MarketingLed {
    static constexpr OrgStage stage = OrgStage::marketing_led;
    static constexpr const char* name = "MarketingLed";
};
struct AllStaff {
    static constexpr OrgStage stage = OrgStage::all_staff;
    static constexpr const char* name = "AllStaff";
};

// One run of a test: the company in `Stage`, on a fresh store of `StoreFactory`.
template <typename Stage, typename StoreFactory>
struct StageOnStore {
    static constexpr OrgStage stage = Stage::stage;
    using Factory = StoreFactory;
    static std::string name() { return std::string(Stage::name) + " on " + StoreFactory::name; }
};

// Every stage on each of `Stores`, grouped by stage.
template <typename Stage, typename... Stores>
using StageOnEach = std::tuple<StageOnStore<Stage, Stores>...>;
template <typename... Stores>
using EveryStageOn = decltype(std::tuple_cat(
    std::declval<StageOnEach<FactoryLed, Stores...>>(), std::declval<StageOnEach<SalesLed, Stores...>>(),
    std::declval<StageOnEach<MarketingLed, Stores...>>(), std::declval<StageOnEach<AllStaff, Stores...>>()));
using Runs = EveryStageOn<LEADPOOL_TEST_STORES>;

template <typename T>
struct TypeTag {
    using type = T;
};

// Registers `test` once per run of Runs, as doctest's TEST_CASE_TEMPLATE does, but named
// "description<Stage on store>": doctest would name a run by its demangled type, which is long.
template <typename... Run, typename TestOf>
int register_runs(std::tuple<Run...>*, const char* description, const char* file, unsigned line,
                  const doctest::detail::TestSuite& suite, TestOf test_of) {
    int index = 0;
    (doctest::detail::regTest(doctest::detail::TestCase(test_of(TypeTag<Run>{}), file, line, suite,
                                                        Run::name().c_str(), int(line) * 1000 + index++) *
                              description),
     ...);
    return 0;
}

}  // namespace leadpool::testing::permission_matrix

// A test case run once per stage × store: the body sees the run as the type `Run` (Run::stage,
// Run::Factory).
#define PERMISSION_MATRIX_TEST(description, Run) \
    PERMISSION_MATRIX_TEST_IMPL(description, Run, DOCTEST_ANONYMOUS(PERMISSION_MATRIX_TEST_))
#define PERMISSION_MATRIX_TEST_IMPL(description, Run, test)                                                  \
    template <typename Run>                                                                                  \
    static void test();                                                                                      \
    static const int DOCTEST_CAT(test, _REGISTERED) = ::leadpool::testing::permission_matrix::register_runs( \
        static_cast<::leadpool::testing::permission_matrix::Runs*>(nullptr), description, __FILE__,          \
        __LINE__, doctest_detail_test_suite_ns::getCurrentTestSuite(),                                       \
        [](auto tag) -> void (*)() { return &test<typename decltype(tag)::type>; });                         \
    template <typename Run>                                                                                  \
    static void test()
