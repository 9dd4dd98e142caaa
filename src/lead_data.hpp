// Validation and merging of a lead's data: identities, attributes, channels, tags.
#pragma once

#include <string>
#include <vector>

#include "leadpool/lead.hpp"

namespace leadpool::detail {

// Parses a JSON object; returns it re-serialised. Throws Error(invalid_argument) naming `field`
// when the text is not JSON or not an object.
std::string checked_attributes(const std::string& text, const char* field);

// Deep-merges `incoming` into `existing` (both JSON object texts): nested objects merge, any
// other value is replaced by the incoming one (latest wins). Fields are never dropped.
std::string merged_attributes(const std::string& existing, const std::string& incoming);

// Trimmed, non-empty, sorted and unique. Throws Error(invalid_argument) for an empty tag.
std::vector<std::string> checked_tags(const std::vector<std::string>& tags);

// Trimmed and non-empty. Throws Error(invalid_argument) naming `field`.
std::string checked_name(const std::string& text, const char* field);

// Every identity normalised, duplicates dropped, at least one. Throws Error(invalid_argument).
std::vector<Identity> checked_identities(const std::vector<Identity>& identities);

// A capture input, validated and normalised.
LeadInput checked_input(const LeadInput& input);

// The new lead a checked input makes, captured at `now`.
Lead new_lead(const LeadInput& input, Timestamp now);

// `lead` updated with what a later capture of the same person brought.
Lead recaptured(Lead lead, const LeadInput& input, Timestamp now);

// The JSON detail a history row keeps for a capture: channel, identities, attributes, tags.
std::string capture_detail(const LeadInput& input);

}  // namespace leadpool::detail
