// JSON text appended straight to a string, for the shapes written on every capture, ingest and
// read of a lead: building an nlohmann value first cost more than the rest of the work. Output is
// what nlohmann's dump writes for the same values (compact, UTF-8 as it is).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace leadpool::json_text {

// A JSON string. Text that is not plain printable ASCII goes through nlohmann's escaping, which
// also replaces bytes that are not UTF-8 with U+FFFD.
void append_string(std::string& out, std::string_view text);

// A JSON array of strings.
void append_strings(std::string& out, const std::vector<std::string>& texts);

}  // namespace leadpool::json_text
