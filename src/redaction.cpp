#include "redaction.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "leadpool/personal_data.hpp"
#include "phone_number.hpp"

namespace leadpool::detail::redaction {
namespace {

using nlohmann::json;

// A needle shorter than this would cut ordinary words and numbers out of free text; identities
// that short are placeholders the identity rules block anyway.
constexpr std::size_t kMinNeedle = 4;

// Keys stay; every value that is not an object becomes kRedacted.
json redacted_values(const json& value) {
    if (!value.is_object()) return kRedacted;
    json out = json::object();
    for (auto it = value.begin(); it != value.end(); ++it) out[it.key()] = redacted_values(it.value());
    return out;
}

// The free text a detail may hold, at any depth (an over-cap reason, say): what a person typed,
// which may quote the one erased. The rest of a detail (channels, tags, steps, users) is the
// business's and is left as it is.
bool free_text(const std::string& key) {
    return key == "reason" || key == "note" || key == "outcome" || key == "message";
}

// Every free-text string inside `value` with the needles in it redacted.
void redact_free_text(json& value, const Needles& needles) {
    if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (it->is_string() && free_text(it.key())) {
                *it = needles.in(it->get<std::string>());
            } else {
                redact_free_text(*it, needles);
            }
        }
    } else if (value.is_array()) {
        for (auto& item : value) redact_free_text(item, needles);
    }
}

void redact_text_field(json& detail, const char* key) {
    auto found = detail.find(key);
    if (found != detail.end() && found->is_string() && !found->get<std::string>().empty()) *found = kRedacted;
}

void redact_identity_value(json& identity) {
    if (identity.is_object() && identity.contains("value")) identity["value"] = kRedacted;
}

// The text's JSON object, or nothing when it is none (a row from a damaged or foreign store is
// left to the needles).
std::optional<json> object_of(const std::string& text) {
    json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object()) return std::nullopt;
    return parsed;
}

}  // namespace

Needles::Needles(const std::vector<Identity>& erased, const std::vector<std::string>& values) : texts_(values) {
    for (const Identity& identity : erased) {
        texts_.push_back(identity.value);
        if (identity.kind == IdentityKind::phone) texts_.push_back(national_digits(identity.value));
    }
    texts_.erase(std::remove_if(texts_.begin(), texts_.end(),
                                [](const std::string& text) { return text.size() < kMinNeedle || text == kRedacted; }),
                 texts_.end());
    std::sort(texts_.begin(), texts_.end(), [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() > b.size() : a < b;
    });
    texts_.erase(std::unique(texts_.begin(), texts_.end()), texts_.end());
}

std::string Needles::in(const std::string& text) const {
    std::string out = text;
    for (const std::string& needle : texts_) {
        for (std::size_t at = out.find(needle); at != std::string::npos; at = out.find(needle, at)) {
            out.replace(at, needle.size(), kRedacted);
            at += std::char_traits<char>::length(kRedacted);
        }
    }
    return out;
}

void add_texts(const std::string& json_object, std::vector<std::string>& out) {
    const auto object = object_of(json_object);
    if (!object) return;
    // Depth first, without recursion.
    std::vector<const json*> open = {&*object};
    while (!open.empty()) {
        const json* value = open.back();
        open.pop_back();
        if (value->is_string()) {
            out.push_back(value->get<std::string>());
        } else if (value->is_structured()) {
            for (const auto& item : *value) open.push_back(&item);
        }
    }
}

bool among(const Identity& identity, const std::vector<Identity>& erased) {
    return std::find(erased.begin(), erased.end(), identity) != erased.end();
}

Identity redacted(Identity identity) {
    identity.value = kRedacted;
    return identity;
}

std::string redacted_object(const std::string& json_text) {
    const auto object = object_of(json_text);
    return object ? redacted_values(*object).dump() : json_text;
}

std::string redacted_detail(Action action, const std::string& detail, const Needles& needles) {
    auto parsed = object_of(detail);
    if (!parsed) return needles.in(detail);
    json& out = *parsed;
    if (auto attributes = out.find("attributes"); attributes != out.end() &&
                                                   (action == Action::capture || action == Action::update)) {
        *attributes = redacted_values(*attributes);
    }
    if (action == Action::capture) {
        if (auto identities = out.find("identities"); identities != out.end() && identities->is_array()) {
            for (auto& identity : *identities) redact_identity_value(identity);
        }
        redact_text_field(out, "record_id");
        if (auto referrer = out.find("referrer"); referrer != out.end()) redact_identity_value(*referrer);
    }
    if (action == Action::follow_up) {
        redact_text_field(out, "outcome");
        redact_text_field(out, "note");
    }
    if (action == Action::rekey) {  // rekey.cpp: the values before and after, blocked, shared
        if (auto rekeyed = out.find("rekeyed"); rekeyed != out.end() && rekeyed->is_array()) {
            for (auto& pair : *rekeyed) {
                if (!pair.is_object()) continue;
                if (auto from = pair.find("from"); from != pair.end()) redact_identity_value(*from);
                if (auto to = pair.find("to"); to != pair.end()) redact_identity_value(*to);
            }
        }
        if (auto blocked = out.find("blocked"); blocked != out.end() && blocked->is_array()) {
            for (auto& identity : *blocked) redact_identity_value(identity);
        }
        if (auto shared = out.find("shared"); shared != out.end() && shared->is_array()) {
            for (auto& entry : *shared) {
                if (entry.is_object() && entry.contains("identity")) redact_identity_value(entry["identity"]);
            }
        }
    }
    redact_free_text(out, needles);
    const std::string text = out.dump();
    // Unchanged rows keep their text as stored, so a second erasure finds nothing to do.
    return *parsed == json::parse(detail) ? detail : text;
}

std::string redacted_conflict_detail(const std::string& detail, bool records_person, const Needles& needles) {
    auto parsed = object_of(detail);
    if (!parsed) return needles.in(detail);
    json out = *parsed;
    if (records_person) redact_text_field(out, "record_id");
    redact_free_text(out, needles);
    return out == *parsed ? detail : out.dump();
}

std::string redacted_referrer(const std::string& detail, const std::vector<Identity>& erased) {
    auto parsed = object_of(detail);
    if (!parsed) return detail;
    auto referrer = parsed->find("referrer");
    if (referrer == parsed->end() || !referrer->is_object()) return detail;
    Identity named;
    const auto kind = parse_identity_kind(referrer->value("kind", ""));
    if (!kind) return detail;
    named.kind = *kind;
    named.value = referrer->value("value", "");
    named.scope = referrer->value("scope", "");
    if (!among(named, erased)) return detail;
    redact_identity_value(*referrer);
    return parsed->dump();
}

std::string redacted_record_id(LeadId lead, int number) {
    return std::string(kRedacted) + "#" + std::to_string(lead) + "." + std::to_string(number);
}

bool is_redacted_record_id(const std::string& record_id) { return record_id.rfind(kRedacted, 0) == 0; }

}  // namespace leadpool::detail::redaction
