// leadpool CLI — UTF-8 checks for input files.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace leadpool::cli {

// The offset of the first byte that does not start or continue a well-formed UTF-8 sequence
// (overlong forms, surrogates and code points past U+10FFFF are not), or nullopt when all is.
std::optional<std::size_t> first_invalid_utf8(std::string_view text) noexcept;

// Columns a terminal gives the text: 2 for wide (CJK, full-width) characters, 1 for the rest.
std::size_t display_width(std::string_view text) noexcept;

}  // namespace leadpool::cli
