// What the permission matrix suite runs on: every default stage on every store the engine-level
// suites run against (LEADPOOL_TEST_STORES), one doctest case per stage × store, so each run is a
// ctest test of its own and a failure names the stage and the store. A test's body is compiled
// once and told its run at run time: the stores differ only in how the company is made.
#pragma once

#include <doctest/doctest.h>
#include <leadpool/leadpool.hpp>

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine_fixture.hpp"
#include "store_factories.hpp"

namespace leadpool::testing::permission_matrix {

// The quickstart company (engine_fixture.hpp) of one run, held without its store's type.
struct RunCompany {
    std::shared_ptr<void> owner;  // the Company<Factory>, which owns the store
    Engine* engine = nullptr;
    PoolId east = 0;
};

// One run of a test: the stage, and how to make the company on the run's store.
struct Run {
    OrgStage stage = OrgStage::factory_led;
    std::string name;  // "FactoryLed on sqlite"
    RunCompany (*make_company)(OrgStage) = nullptr;
};

template <typename Factory>
RunCompany company_on(OrgStage stage) {
    auto company = std::make_shared<Company<Factory>>(stage);
    RunCompany made{nullptr, company->engine.get(), company->east};
    made.owner = std::move(company);
    return made;
}

inline constexpr std::array<std::pair<OrgStage, const char*>, 4> kStages = {{
    {OrgStage::factory_led, "FactoryLed"},
    {OrgStage::sales_led, "SalesLed"},
    {OrgStage::marketing_led, "MarketingLed"},
    {OrgStage::all_staff, "AllStaff"},
}};

// Every stage on each of `Stores`, grouped by stage.
template <typename... Stores>
std::vector<Run> every_stage_on() {
    std::vector<Run> runs;
    for (const auto& [stage, stage_name] : kStages) {
        (runs.push_back(Run{stage, std::string(stage_name) + " on " + Stores::name, &company_on<Stores>}), ...);
    }
    return runs;
}

template <typename... Stores>
constexpr std::size_t count_of() {
    return kStages.size() * sizeof...(Stores);
}

inline const std::vector<Run>& runs() {
    static const std::vector<Run> all = every_stage_on<LEADPOOL_TEST_STORES>();
    return all;
}
inline constexpr std::size_t kRunCount = count_of<LEADPOOL_TEST_STORES>();

// doctest calls a test case without arguments: one such entry per run.
template <void (*Test)(const Run&), std::size_t I>
void run_at() {
    Test(runs()[I]);
}

// Registers `Test` once per run, named "description<Stage on store>" as doctest's
// TEST_CASE_TEMPLATE names its instances.
template <void (*Test)(const Run&), std::size_t... I>
int register_runs(std::index_sequence<I...>, const char* description, const char* file, unsigned line,
                  const doctest::detail::TestSuite& suite) {
    (doctest::detail::regTest(doctest::detail::TestCase(&run_at<Test, I>, file, line, suite,
                                                        runs()[I].name.c_str(), int(line) * 1000 + int(I)) *
                              description),
     ...);
    return 0;
}

}  // namespace leadpool::testing::permission_matrix

// A test case run once per stage × store: the body sees its run as `run` (run.stage, and Org(run)
// makes its company).
#define PERMISSION_MATRIX_TEST(description, run) \
    PERMISSION_MATRIX_TEST_IMPL(description, run, DOCTEST_ANONYMOUS(PERMISSION_MATRIX_TEST_))
#define PERMISSION_MATRIX_TEST_IMPL(description, run, test)                                                   \
    static void test(const ::leadpool::testing::permission_matrix::Run& run);                                \
    static const int DOCTEST_CAT(test, _REGISTERED) = ::leadpool::testing::permission_matrix::register_runs<&test>( \
        std::make_index_sequence<::leadpool::testing::permission_matrix::kRunCount>{}, description, __FILE__,    \
        __LINE__, doctest_detail_test_suite_ns::getCurrentTestSuite());                                         \
    static void test(const ::leadpool::testing::permission_matrix::Run& run)
