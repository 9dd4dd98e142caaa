// leadpool CLI — writing CSV (RFC 4180): a field with a comma, quote or line break is quoted,
// quotes doubled; lines end in CRLF as the RFC says.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace leadpool::cli {

void write_csv_field(std::ostream& out, std::string_view field);
void write_csv_row(std::ostream& out, const std::vector<std::string>& fields);

}  // namespace leadpool::cli
