// The C ABI's boundary, shared by every file behind leadpool.h (internal, not installed).
//
// Every extern "C" function is one line of logic inside `guarded` (status-only functions) or
// `returning` (functions with an `out`): those two check `out`, clear it, catch every exception,
// map it to a status and keep the message in this thread's last error. Arguments are checked
// with `arg` / `handle`, which throw Error(invalid_argument) naming the NULL argument.
#pragma once

#include "leadpool.h"

#include <leadpool/leadpool.hpp>

#include <memory>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

struct lp_engine {
    std::shared_ptr<leadpool::ManualClock> clock;  // set when opened with "manual_clock_ms"
    // Owned by this handle alone: the handles it gives out (lp_lead_iter) keep a weak_ptr, so
    // lp_engine_close frees the engine and they find it gone instead of dangling.
    std::shared_ptr<leadpool::Engine> engine;
};

namespace leadpool::capi {

// --- the last error, per thread -----------------------------------------------------------------

// Keeps prefix + message as this thread's last error; returns `status`.
lp_status fail(lp_status status, const char* prefix, const char* message) noexcept;
// Clears this thread's last error, after a call that succeeded.
void succeed() noexcept;
// This thread's last error ("" after a call that succeeded; never NULL).
const char* last_error() noexcept;

// The status of a leadpool::Error's code, the same number (LP_INTERNAL for a code leadpool.h does
// not know).
lp_status status_of(ErrorCode code) noexcept;

// A failure of the C ABI's own, which no leadpool::ErrorCode names: LP_ENGINE_CLOSED (a C++
// engine is closed by destroying it, so the engine has no such error).
class HandleError : public std::runtime_error {
public:
    HandleError(lp_status status, const std::string& message)
        : std::runtime_error(message), status_(status) {}
    lp_status status() const noexcept { return status_; }

private:
    lp_status status_;
};

// Runs `body`; returns LP_OK, or the status of what it threw. Nothing escapes.
template <typename Body>
lp_status guarded(Body&& body) noexcept {
    try {
        body();
        succeed();
        return LP_OK;
    } catch (const Error& e) {
        return fail(status_of(e.code()), "", e.what());
    } catch (const HandleError& e) {
        return fail(e.status(), "", e.what());
    } catch (const std::bad_alloc&) {
        return fail(LP_INTERNAL, "", "out of memory");
    } catch (const std::exception& e) {
        return fail(LP_INTERNAL, "internal error: ", e.what());
    } catch (...) {
        return fail(LP_INTERNAL, "internal error: ", "unknown exception");
    }
}

// What `returning` hands out: a malloc'd copy of a text, NULL for none, a handle or a flag.
char* copy_out(const std::string& text);
inline void put(char** out, const std::string& text) { *out = copy_out(text); }
inline void put(char** out, const std::optional<std::string>& text) {
    *out = text ? copy_out(*text) : nullptr;
}
inline void put(int* out, bool flag) { *out = flag ? 1 : 0; }
inline void put(std::int64_t* out, std::int64_t value) { *out = value; }
template <typename Handle>
void put(Handle** out, std::unique_ptr<Handle> handle) {
    *out = handle.release();
}

// Checks and clears `out`, then runs `body` and hands its result out. On failure *out stays
// cleared (NULL or 0).
template <typename Out, typename Body>
lp_status returning(Out* out, Body&& body) noexcept {
    if (out == nullptr) return fail(LP_INVALID_ARGUMENT, "", "out is NULL");
    *out = Out{};
    return guarded([&] { put(out, body()); });
}

// --- arguments ----------------------------------------------------------------------------------

template <typename T>
T* arg(T* pointer, const char* name) {
    if (pointer == nullptr) throw Error(ErrorCode::invalid_argument, std::string(name) + " is NULL");
    return pointer;
}

inline Engine& handle(lp_engine* engine) { return *arg(engine, "engine")->engine; }

// Optional JSON input: NULL reads as the default value.
template <typename Read>
auto optional_json(const char* text, Read read) -> decltype(read(text)) {
    return text ? read(text) : decltype(read(text)){};
}

// JSON the codec does not read (open options, policies): well-formed and not too deep.
nlohmann::json parse_json(const char* text, const std::string& what);

}  // namespace leadpool::capi
