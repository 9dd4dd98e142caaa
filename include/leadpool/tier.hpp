// leadpool — tiers of the lead pyramid (docs/design.md 2.1).
//
// The pyramid is the sales funnel upside down: the master pool holds every lead ever captured,
// sub pools hold leads handed to teams, the opportunity library holds qualified deals and the
// order library holds won deals. Lost and invalid are side states; nothing is ever deleted.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>

namespace leadpool {

enum class Tier : std::uint8_t {
    master = 0,
    sub = 1,
    opportunity = 2,
    order = 3,
    lost = 4,
    invalid = 5,
};

inline constexpr int kTierCount = 6;

// A set of tiers as a bit mask: bit (1 << tier). A lead's `reached` field is one.
using TierMask = std::uint8_t;
inline constexpr TierMask tier_bit(Tier t) { return static_cast<TierMask>(1u << static_cast<unsigned>(t)); }
inline constexpr TierMask kAllTiers = (1u << kTierCount) - 1;
inline constexpr TierMask tier_mask(std::initializer_list<Tier> tiers) {
    TierMask mask = 0;
    for (Tier t : tiers) mask = static_cast<TierMask>(mask | tier_bit(t));
    return mask;
}

// Stable names: "master", "sub", "opportunity", "order", "lost", "invalid".
const char* to_string(Tier tier) noexcept;
std::optional<Tier> parse_tier(std::string_view name) noexcept;

}  // namespace leadpool
