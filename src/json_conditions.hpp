// The JSON shape of a rule condition (docs/json.md), shared by the routing table and the
// scoring rules, with the readers both use.
#pragma once

#include <vector>

#include "json_support.hpp"
#include "leadpool/routing.hpp"

namespace leadpool::json_support {

inline double as_number(const json& value, const Place& place) {
    if (!value.is_number()) place.fail("must be a number");
    return value.get<double>();
}

template <typename Enum, typename Parse>
auto enum_reader(const char* kind, Parse parse) {
    return [kind, parse](const json& value, const Place& place) {
        return as_name<Enum>(value, place, kind, parse);
    };
}

template <typename Read>
auto array_of(Read read) {
    return [read](const json& value, const Place& place) {
        if (!value.is_array()) place.fail("must be an array");
        std::vector<decltype(read(value, place))> items;
        for (std::size_t i = 0; i < value.size(); ++i) items.push_back(read(value[i], place.item(i)));
        return items;
    };
}

inline RuleCondition read_condition(const json& value, const Place& place) {
    const Object o(value, place, {"field", "op", "values", "min", "max"});
    RuleCondition condition;
    condition.field = o.string("field");
    condition.op = as_name<RuleOperator>(o.require("op"), o.at("op"), "operator", parse_rule_operator);
    o.optional("values", condition.values, Object::as_strings);
    o.nullable("min", condition.min, as_number);
    o.nullable("max", condition.max, as_number);
    return condition;
}

inline ordered_json conditions_value(const std::vector<RuleCondition>& conditions) {
    ordered_json out = ordered_json::array();
    for (const RuleCondition& c : conditions) {
        out.push_back({{"field", c.field},
                       {"op", to_string(c.op)},
                       {"values", c.values},
                       {"min", nullable(c.min)},
                       {"max", nullable(c.max)}});
    }
    return out;
}

}  // namespace leadpool::json_support
