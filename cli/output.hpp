// leadpool CLI — printing: aligned text tables (CJK-aware) and JSON arrays as lines.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace leadpool::cli {

// Columns padded to their widest cell as a terminal shows it (a CJK character is two columns
// wide); columns listed in `right` are right-aligned (numbers).
void print_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows, const std::vector<std::size_t>& right = {});

// 12345 -> "12,345".
std::string grouped(long long value);
// 0.1234 -> "12.3%".
std::string percent(double rate);

}  // namespace leadpool::cli
