#include "leadpool/open_store.hpp"

#include <string>

#include "leadpool/error.hpp"
#include "leadpool/memory_store.hpp"

namespace leadpool {
namespace {

// The storage URIs this build opens, for the messages that list them.
#ifdef LEADPOOL_HAS_POSTGRES_STORE
constexpr const char* kBuiltInSchemes = "\"memory:\", \"sqlite:PATH\", \"postgresql://...\"";
#else
constexpr const char* kBuiltInSchemes = "\"memory:\", \"sqlite:PATH\"";
#endif

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::unique_ptr<Store> open_store(std::string_view uri, const StoreOptions& options) {
    constexpr std::string_view kSqlite = "sqlite:";
    if (uri == "memory:") return open_memory_store();
    if (starts_with(uri, kSqlite)) {
        const std::string path(uri.substr(kSqlite.size()));
        if (path.empty())
            throw Error(ErrorCode::invalid_argument, "storage_uri: \"sqlite:\" needs a file path");
        return open_sqlite_store(path, options.sqlite);
    }
#ifdef LEADPOOL_HAS_POSTGRES_STORE
    if (starts_with(uri, "postgresql://") || starts_with(uri, "postgres://"))
        return open_postgres_store(std::string(uri), options.postgres);
#endif
    const auto colon = uri.find(':');
    const std::string scheme(uri.substr(0, colon));
    throw Error(
        ErrorCode::invalid_argument,
        colon == std::string_view::npos
            ? "storage_uri: '" + std::string(uri) + "' names no scheme (built in: " + kBuiltInSchemes + ")"
            : "storage_uri: scheme '" + scheme +
                  ":' is not built into this leadpool (built in: " + kBuiltInSchemes + ")");
}

}  // namespace leadpool
