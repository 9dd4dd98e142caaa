// Checks on text that arrives from outside: UTF-8, NUL bytes, sizes, JSON nesting.
#pragma once

#include <cstddef>
#include <string_view>

namespace leadpool::detail {

// Throws Error(invalid_argument) naming `field` when `value` is not UTF-8 or holds a NUL byte,
// and Error(limit_exceeded) when it is longer than kMaxTextBytes.
void check_text(std::string_view value, const char* field);

// Whether `value` is well-formed UTF-8 (a NUL byte is; overlong forms and surrogates are not).
bool is_utf8(std::string_view value) noexcept;

// Throws Error(limit_exceeded) naming `field` when the JSON text nests arrays and objects more
// than kMaxJsonDepth deep. Reads the text once, without recursion, so any input is safe to ask
// about; it does not otherwise validate the JSON.
void check_json_depth(std::string_view json, const char* field);

}  // namespace leadpool::detail
