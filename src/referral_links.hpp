// The referral edges between leads, read through merges: a lead's referrer, whom a lead brought,
// and whether naming a referrer would close a cycle.
#pragma once

#include <optional>
#include <vector>

#include "leadpool/store.hpp"

namespace leadpool::detail {

// The lead that referred `lead` (the lead holding Lead::referred_by after merges), unless there is
// none or it is `lead` itself (two leads of one line merged into one).
std::optional<Lead> referrer_of(StoreReader& store, const Lead& lead);

// The leads in their own right that `lead` or a lead merged into it referred, by id; not `lead`.
std::vector<Lead> referrals_of(StoreReader& store, LeadId lead);

// Whether `candidate` is one of `leads` or was brought by one of them, directly or through others:
// naming it as their referrer would close a cycle.
bool brought_by(StoreReader& store, const Lead& candidate, const std::vector<LeadId>& leads);

}  // namespace leadpool::detail
