// What "case-insensitive" means for a lead list's text search, in one place for every store: only
// the ASCII letters fold (A-Z to a-z), as SQLite's lower() and the SQL stores' translations do.
#pragma once

#include <string>
#include <vector>

namespace leadpool::text_search {

inline constexpr const char* kAsciiUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
inline constexpr const char* kAsciiLower = "abcdefghijklmnopqrstuvwxyz";

inline std::string ascii_lower(std::string text) {
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return text;
}

// The keys of an attribute path, "address.city" -> {"address", "city"}.
inline std::vector<std::string> path_keys(const std::string& path) {
    std::vector<std::string> keys;
    std::string::size_type start = 0;
    while (true) {
        const auto dot = path.find('.', start);
        keys.push_back(path.substr(start, dot - start));
        if (dot == std::string::npos) return keys;
        start = dot + 1;
    }
}

}  // namespace leadpool::text_search
