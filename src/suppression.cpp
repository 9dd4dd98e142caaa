#include "suppression.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>

#include "config.hpp"
#include "identity_text.hpp"
#include "leadpool/error.hpp"

namespace leadpool::detail {
namespace {

constexpr std::size_t kSaltBytes = 32;

std::string hex(const unsigned char* bytes, std::size_t size) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 0x0f];
    }
    return out;
}

std::string new_salt() {
    std::array<unsigned char, kSaltBytes> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        throw Error(ErrorCode::internal, "suppression list: no random bytes for its salt");
    }
    return hex(bytes.data(), bytes.size());
}

}  // namespace

std::string identity_hash(const std::string& salt, const Identity& identity) {
    // The kind, the scope's length and the scope, then the value: no two identities give one text.
    const std::string message = std::string(to_string(identity.kind)) + '\n' + std::to_string(identity.scope.size()) +
                                '\n' + identity.scope + identity.value;
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), salt.data(), static_cast<int>(salt.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(),
             &length) == nullptr) {
        throw Error(ErrorCode::internal, "suppression list: HMAC-SHA256 failed");
    }
    return hex(digest.data(), length);
}

std::size_t suppress(StoreWriter& store, const std::vector<Identity>& identities) {
    if (identities.empty()) return 0;
    auto salt = config::suppression_salt(store);
    if (!salt) {
        salt = new_salt();
        config::set_suppression_salt(store, *salt);
    }
    for (const Identity& identity : identities) store.add_suppression(identity_hash(*salt, identity));
    return identities.size();
}

void screen_suppressed(StoreReader& store, CheckedRecord& record) {
    const auto salt = config::suppression_salt(store);
    if (!salt) return;  // nobody was ever suppressed
    for (const Identity& identity : record.identities) {
        if (store.suppressed(identity_hash(*salt, identity))) {
            throw Error(ErrorCode::suppressed,
                        describe(identity) + " is suppressed: the data of its person was erased at their request");
        }
    }
    if (record.referrer && store.suppressed(identity_hash(*salt, *record.referrer))) {
        record.dropped.push_back("referrer: " + describe(*record.referrer) + " is suppressed");
        record.referrer.reset();
    }
}

}  // namespace leadpool::detail
