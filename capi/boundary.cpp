#include "boundary.hpp"

#include <cstdlib>
#include <cstring>

namespace leadpool::capi {
namespace {

#define LP_SAME_CODE(code, status) \
    static_assert(static_cast<int>(ErrorCode::code) == (status), "ErrorCode::" #code " != " #status)
LP_SAME_CODE(invalid_argument, LP_INVALID_ARGUMENT);
LP_SAME_CODE(not_found, LP_NOT_FOUND);
LP_SAME_CODE(permission_denied, LP_PERMISSION_DENIED);
LP_SAME_CODE(illegal_transition, LP_ILLEGAL_TRANSITION);
LP_SAME_CODE(conflict, LP_CONFLICT);
LP_SAME_CODE(storage, LP_STORAGE);
LP_SAME_CODE(limit_exceeded, LP_LIMIT_EXCEEDED);
LP_SAME_CODE(busy, LP_BUSY);
LP_SAME_CODE(internal, LP_INTERNAL);
LP_SAME_CODE(suppressed, LP_SUPPRESSED);
#undef LP_SAME_CODE

struct LastError {
    std::string message;             // "" after a call that succeeded
    const char* fallback = nullptr;  // when even the message could not be stored
};
thread_local LastError t_last_error;

}  // namespace

lp_status fail(lp_status status, const char* prefix, const char* message) noexcept {
    try {
        t_last_error.message.assign(prefix).append(message);
        t_last_error.fallback = nullptr;
    } catch (...) {
        t_last_error.fallback = "out of memory while keeping the error message";
    }
    return status;
}

void succeed() noexcept {
    t_last_error.message.clear();
    t_last_error.fallback = nullptr;
}

const char* last_error() noexcept {
    return t_last_error.fallback ? t_last_error.fallback : t_last_error.message.c_str();
}

lp_status status_of(ErrorCode code) noexcept {
    const int status = static_cast<int>(code);
    // LP_ENGINE_CLOSED (10) is the C ABI's own: no ErrorCode has its number.
    const bool known = (status >= LP_INVALID_ARGUMENT && status <= LP_INTERNAL) || status == LP_SUPPRESSED;
    return known ? static_cast<lp_status>(status) : LP_INTERNAL;
}

char* copy_out(const std::string& text) {
    char* copy = static_cast<char*>(std::malloc(text.size() + 1));
    if (copy == nullptr) throw std::bad_alloc();
    std::memcpy(copy, text.c_str(), text.size() + 1);
    return copy;
}

nlohmann::json parse_json(const char* text, const std::string& what) {
    using nlohmann::json;
    auto bounded = [&](int depth, json::parse_event_t event, json&) {
        const bool opens =
            event == json::parse_event_t::object_start || event == json::parse_event_t::array_start;
        if (opens && static_cast<std::size_t>(depth) >= kMaxJsonDepth) {
            throw Error(ErrorCode::limit_exceeded,
                        what + ": nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
        }
        return true;
    };
    try {
        return json::parse(text, bounded);
    } catch (const json::exception& e) {
        throw Error(ErrorCode::invalid_argument, what + ": malformed JSON: " + e.what());
    }
}

}  // namespace leadpool::capi
