#include "text.hpp"

#include <string>

#include "leadpool/error.hpp"
#include "leadpool/limits.hpp"

namespace leadpool::detail {
namespace {

// The length of the UTF-8 sequence starting at `s[i]`, or 0 when it is not a valid one
// (overlong forms, surrogates and code points past U+10FFFF included).
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the valid range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (i + length > s.size()) return 0;
    if (byte(i + 1) < low || byte(i + 1) > high) return 0;
    for (std::size_t k = 2; k < length; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    }
    return length;
}

}  // namespace

bool is_utf8(std::string_view value) noexcept {
    for (std::size_t i = 0; i < value.size();) {
        const std::size_t length = utf8_sequence(value, i);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

void check_text(std::string_view value, const char* field) {
    if (value.size() > kMaxTextBytes) {
        throw Error(ErrorCode::limit_exceeded,
                    std::string(field) + " is longer than " + std::to_string(kMaxTextBytes) + " bytes");
    }
    for (std::size_t i = 0; i < value.size();) {
        if (value[i] == '\0')
            throw Error(ErrorCode::invalid_argument, std::string(field) + " holds a NUL byte");
        const std::size_t length = utf8_sequence(value, i);
        if (length == 0) {
            throw Error(ErrorCode::invalid_argument,
                        std::string(field) + " is not valid UTF-8 (at byte " + std::to_string(i) + ")");
        }
        i += length;
    }
}

void check_json_depth(std::string_view json, const char* field) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (in_string) {
            if (c == '\\') {
                ++i;  // the escaped character cannot end the string
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > kMaxJsonDepth) {
                throw Error(ErrorCode::limit_exceeded, std::string(field) + " nests deeper than " +
                                                           std::to_string(kMaxJsonDepth) + " levels");
            }
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
}

}  // namespace leadpool::detail
