// Validation and merging of a lead's data: attributes, tags, names, attribution.
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

// Campaign attribution trimmed and checked. Throws Error naming the field.
Attribution checked_attribution(const Attribution& attribution);

}  // namespace leadpool::detail
