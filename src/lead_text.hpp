// A lead as JSON text (docs/json.md, "Lead"), written straight into a string.
//
// Leads are what hosts read most (a lead, a page of them), and building an nlohmann value of one
// before dumping it cost as much as reading the lead from SQLite. This writer appends the text
// directly: keys are the shape's own, strings of plain ASCII go in as they are, and the stored
// attributes, which the engine wrote as JSON, are checked (well-formed, nesting within the limit)
// and spliced in without being rebuilt.
#pragma once

#include <string>
#include <vector>

#include "leadpool/lead.hpp"

namespace leadpool::json_support {

// Appends the lead's JSON object to `out`. Error(internal) when its stored attributes are not
// JSON (a store that returned something it was never given).
void append_lead(std::string& out, const Lead& lead);

// Appends `[lead, ...]`.
void append_leads(std::string& out, const std::vector<Lead>& leads);

}  // namespace leadpool::json_support
