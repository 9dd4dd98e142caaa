// leadpool — the company's stage (docs/design.md 5.1). What changes between stages is who does
// what, never the data.
#pragma once

#include <optional>
#include <string_view>

namespace leadpool {

enum class OrgStage : int {
    factory_led = 1,    // a boss who is the sales director, and a few salespeople
    sales_led = 2,      // a market department owns the master pool; sales groups run sub pools
    marketing_led = 3,  // marketing sits above the master pool; sales executes on opportunities
    all_staff = 4,      // every department sees customers, tags them and feeds back
};

inline constexpr OrgStage kAllStages[] = {OrgStage::factory_led, OrgStage::sales_led, OrgStage::marketing_led,
                                          OrgStage::all_staff};

// Stable names: "factory_led", "sales_led", "marketing_led", "all_staff".
const char* to_string(OrgStage stage) noexcept;
std::optional<OrgStage> parse_stage(std::string_view name) noexcept;

}  // namespace leadpool
