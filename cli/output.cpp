#include "output.hpp"

#include <algorithm>
#include <cstdio>

#include "utf8.hpp"

namespace leadpool::cli {

void print_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows, const std::vector<std::size_t>& right) {
    std::vector<std::size_t> widths(header.size(), 0);
    auto measure = [&](const std::vector<std::string>& row) {
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
            widths[i] = std::max(widths[i], display_width(row[i]));
        }
    };
    measure(header);
    for (const auto& row : rows) measure(row);
    auto print = [&](const std::vector<std::string>& row) {
        std::string line;
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
            const std::string pad(widths[i] - display_width(row[i]), ' ');
            const bool align_right = std::find(right.begin(), right.end(), i) != right.end();
            if (i > 0) line += "  ";
            line += align_right ? pad + row[i] : row[i] + (i + 1 < row.size() ? pad : "");
        }
        out << line << "\n";
    };
    print(header);
    for (const auto& row : rows) print(row);
}

std::string grouped(long long value) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
    return value < 0 ? "-" + digits : digits;
}

std::string percent(double rate) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", rate * 100);
    return text;
}

}  // namespace leadpool::cli
