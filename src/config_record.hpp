// How a stored setting is written and read (internal to src/config_format.cpp).
//
// Each stored record type lists its fields once, in the order they are stored, in a
// specialisation of Fields<T>:
//
//     template <> struct Fields<WorkflowStep> {
//         template <typename Step, typename Field>
//         static void each(Step& step, Field&& field) {
//             field("name", step.name, Text{}, Presence::required);
//             field("collaborators", step.collaborators, Texts{});
//         }
//     };
//
// Writing and reading both walk that one list, so a field added to it is written and read, and
// the two can never disagree about a name. A codec (Text, Integer, Nullable, ArrayOf, ...) says
// how one value is written (`write`) and read into its member (`read`); a field left out of a
// stored object keeps the value it had, so a field added later reads its default from stores
// written before it. Reading checks the shape and the types, not the domain's rules: the engine
// checked every value before it stored it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "json_support.hpp"

namespace leadpool::detail::config::format {

using json_support::json;
using json_support::Object;
using json_support::ordered_json;
using json_support::Place;

// Whether a stored object must hold the field, or may leave it out (the member keeps its value);
// `when_set`: may leave it out, and is written without it while the member is empty (or false), so a field
// added later leaves the text of a record that does not use it as it was; `legacy`: a field
// only stores written by older leadpools hold, read into a member another field now writes.
enum class Presence { optional, required, when_set, legacy };

template <typename T>
bool empty_member(const T&) {
    return false;  // when_set is for containers and flags
}
inline bool empty_member(bool member) { return !member; }
template <typename T>
bool empty_member(const std::map<std::string, T>& member) {
    return member.empty();
}

// The fields of a stored record type; specialised for each one.
template <typename T>
struct Fields;

// --- codecs of values ---------------------------------------------------------------------------

struct Text {
    ordered_json write(const std::string& value) const { return value; }
    void read(const json& value, const Place& place, std::string& out) const {
        out = Object::as_string(value, place);
    }
};

struct Texts {
    ordered_json write(const std::vector<std::string>& values) const { return values; }
    void read(const json& value, const Place& place, std::vector<std::string>& out) const {
        out = Object::as_strings(value, place);
    }
};

struct Flag {
    ordered_json write(bool value) const { return value; }
    void read(const json& value, const Place& place, bool& out) const { out = Object::as_bool(value, place); }
};

struct Number {
    ordered_json write(double value) const { return value; }
    void read(const json& value, const Place& place, double& out) const {
        if (!value.is_number()) place.fail("must be a number");
        out = value.get<double>();
    }
};

// An integer member of type Int (int64_t, int).
template <typename Int>
struct Integer {
    ordered_json write(Int value) const { return value; }
    void read(const json& value, const Place& place, Int& out) const {
        const std::int64_t number = Object::as_integer(value, place);
        if (number < std::numeric_limits<Int>::min() || number > std::numeric_limits<Int>::max()) {
            place.fail("integer out of range");
        }
        out = static_cast<Int>(number);
    }
};

// An enum stored by its stable name (to_string / `parse`).
template <typename Enum, typename Parse>
struct Name {
    const char* kind;  // for messages: "unknown <kind> '...'"
    Parse parse;
    ordered_json write(Enum value) const { return to_string(value); }
    void read(const json& value, const Place& place, Enum& out) const {
        out = json_support::as_name<Enum>(value, place, kind, parse);
    }
};
template <typename Enum, typename Parse>
Name<Enum, Parse> name_of(const char* kind, Parse parse) {
    return {kind, parse};
}

// An optional member: null when there is none.
template <typename Codec>
struct Nullable {
    Codec value_codec;
    template <typename T>
    ordered_json write(const std::optional<T>& value) const {
        return value ? value_codec.write(*value) : ordered_json(nullptr);
    }
    template <typename T>
    void read(const json& value, const Place& place, std::optional<T>& out) const {
        if (value.is_null()) {
            out.reset();
            return;
        }
        T present{};
        value_codec.read(value, place, present);
        out = std::move(present);
    }
};

template <typename Codec>
struct ArrayOf {
    Codec item;
    template <typename T>
    ordered_json write(const std::vector<T>& items) const {
        ordered_json out = ordered_json::array();
        for (const T& each : items) out.push_back(item.write(each));
        return out;
    }
    template <typename T>
    void read(const json& value, const Place& place, std::vector<T>& out) const {
        if (!value.is_array()) place.fail("must be an array");
        out.assign(value.size(), T{});
        for (std::size_t i = 0; i < value.size(); ++i) item.read(value[i], place.item(i), out[i]);
    }
};

// A map from names to values, as a JSON object (in the map's order).
template <typename Codec>
struct MapOf {
    Codec item;
    template <typename T>
    ordered_json write(const std::map<std::string, T>& entries) const {
        ordered_json out = ordered_json::object();
        for (const auto& [key, each] : entries) out[key] = item.write(each);
        return out;
    }
    template <typename T>
    void read(const json& value, const Place& place, std::map<std::string, T>& out) const {
        if (!value.is_object()) place.fail("must be a JSON object");
        out.clear();
        for (auto it = value.begin(); it != value.end(); ++it)
            item.read(*it, place.field(it.key()), out[it.key()]);
    }
};

// A record with Fields of its own, as a JSON object.
struct Record {
    template <typename T>
    ordered_json write(const T& record) const {
        ordered_json out = ordered_json::object();
        Fields<T>::each(record, [&](const char* name, const auto& member, const auto& codec,
                                    Presence presence = Presence::optional) {
            if (presence == Presence::legacy) return;
            if (presence == Presence::when_set && empty_member(member)) return;
            out[name] = codec.write(member);
        });
        return out;
    }
    template <typename T>
    void read(const json& value, const Place& place, T& record) const {
        if (!value.is_object()) place.fail("must be a JSON object");
        std::vector<std::string> known;
        Fields<T>::each(record, [&](const char* name, auto& member, const auto& codec,
                                    Presence presence = Presence::optional) {
            known.emplace_back(name);
            const auto found = value.find(name);
            if (found != value.end()) {
                codec.read(*found, place.field(name), member);
            } else if (presence == Presence::required) {
                place.fail(std::string("'") + name + "' is required");
            }
        });
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (std::find(known.begin(), known.end(), it.key()) == known.end()) {
                place.field(it.key()).fail("unknown field");
            }
        }
    }
};

}  // namespace leadpool::detail::config::format
