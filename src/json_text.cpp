#include "json_text.hpp"

#include <algorithm>
#include <cstddef>

#include "json_support.hpp"

namespace leadpool::json_text {
namespace {

// Whether the text can stand between quotes as it is: printable ASCII without '"' or '\'.
bool plain(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0x20 && byte < 0x80 && c != '"' && c != '\\';
    });
}

}  // namespace

void append_string(std::string& out, std::string_view text) {
    if (plain(text)) {
        out += '"';
        out += text;
        out += '"';
    } else {
        out += json_support::text_of(json_support::ordered_json(std::string(text)));
    }
}

void append_strings(std::string& out, const std::vector<std::string>& texts) {
    out += '[';
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (i != 0) out += ',';
        append_string(out, texts[i]);
    }
    out += ']';
}

}  // namespace leadpool::json_text
