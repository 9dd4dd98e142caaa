// The terms of a selection that read inside a lead, for SQLite and PostgreSQL (lead_search_sql.hpp).
#include "store/lead_search_sql.hpp"

#include <cstddef>
#include <utility>

#include "store/text_search.hpp"

namespace leadpool::selection_sql {
namespace {

// A piece of SQL with the values of its parameters, in order.
struct Expr {
    std::string sql;
    std::vector<Value> values;
};

// "attributes.a.b" -> "a.b"
std::string attribute_path(const std::string& field) {
    return field.substr(std::string("attributes.").size());
}

// SQLite's JSON path with every key quoted ($."a"."b"), so keys hold any character but '"'.
std::string sqlite_path(const std::vector<std::string>& keys) {
    std::string out = "$";
    for (const std::string& key : keys) out += ".\"" + key + "\"";
    return out;
}

// PostgreSQL's text[] literal, every element quoted.
std::string postgres_path(const std::vector<std::string>& keys) {
    std::string out = "{";
    for (const std::string& key : keys) {
        if (out.size() > 1) out += ',';
        out += '"';
        for (const char c : key) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

bool digits_only(const std::string& key) {
    return !key.empty() && key.find_first_not_of("0123456789-") == std::string::npos;
}

// The SQL reading the JSON at a path: the piece spelled "$path" in `pattern` becomes the path
// parameter, once for every time it appears.
struct JsonPath {
    std::vector<std::string> keys;
    SqlFlavour flavour;

    Expr with(const std::string& pattern) const {
        Expr expr;
        const std::string bound = flavour == SqlFlavour::sqlite ? sqlite_path(keys) : postgres_path(keys);
        const std::string placeholder = flavour == SqlFlavour::sqlite ? "?" : "?::text[]";
        const std::string name = "$path";
        std::string::size_type from = 0;
        while (true) {
            const auto at = pattern.find(name, from);
            expr.sql += pattern.substr(from, at - from);
            if (at == std::string::npos) break;
            expr.sql += placeholder;
            expr.values.emplace_back(bound);
            from = at + name.size();
        }
        return expr;
    }

    // The terms that keep a path inside objects: PostgreSQL's #> would step into an array by a
    // digit key, where the routing matcher (and SQLite's quoted keys) find nothing.
    Expr objects_only() const {
        Expr out;
        if (flavour == SqlFlavour::sqlite) return out;
        for (std::size_t i = 1; i < keys.size(); ++i) {
            if (!digits_only(keys[i])) continue;
            JsonPath parent{{keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(i)}, flavour};
            Expr term = parent.with("json_typeof(attributes::json #> $path) = 'object'");
            out.sql += (out.sql.empty() ? "" : " AND ") + term.sql;
            for (Value& v : term.values) out.values.push_back(std::move(v));
        }
        return out;
    }

    // The value as the routing matcher compares it: a string's text, any other value's JSON text
    // as stored; NULL when absent or JSON null.
    Expr text() const {
        return with(flavour == SqlFlavour::sqlite
                        ? "CASE json_type(attributes, $path) WHEN 'text' THEN json_extract(attributes, $path)"
                          " WHEN 'null' THEN NULL ELSE attributes -> $path END"
                        : "CASE json_typeof(attributes::json #> $path) WHEN 'string' THEN attributes::json #>> $path"
                          " WHEN 'null' THEN NULL ELSE (attributes::json #> $path)::text END");
    }

    // A JSON number as a double (as the matcher reads it); NULL for anything else.
    Expr number() const {
        return with(flavour == SqlFlavour::sqlite
                        ? "CASE WHEN json_type(attributes, $path) IN ('integer', 'real')"
                          " THEN CAST(json_extract(attributes, $path) AS REAL) END"
                        : "CASE WHEN json_typeof(attributes::json #> $path) = 'number'"
                          " THEN (attributes::json #>> $path)::float8 END");
    }

    // A JSON string with its ASCII letters lowered; NULL for anything else. SQLite's built-in
    // lower() folds ASCII only; PostgreSQL's depends on the collation, so it translates.
    Expr lowered_string() const {
        return with(flavour == SqlFlavour::sqlite
                        ? "CASE WHEN json_type(attributes, $path) = 'text'"
                          " THEN lower(json_extract(attributes, $path)) END"
                        : std::string("CASE WHEN json_typeof(attributes::json #> $path) = 'string'"
                                      " THEN translate(attributes::json #>> $path, '") +
                              text_search::kAsciiUpper + "', '" + text_search::kAsciiLower + "') END");
    }
};

// `text` starts with `prefix` (both compared as text, character by character).
Expr starts_with(Expr text, const std::string& prefix, SqlFlavour flavour) {
    if (flavour == SqlFlavour::sqlite) {
        text.sql = "substr(" + text.sql + ", 1, length(?)) = ?";
        text.values.emplace_back(prefix);
    } else {
        text.sql = "starts_with(" + text.sql + ", ?)";
    }
    text.values.emplace_back(prefix);
    return text;
}

void append(Expr& to, Expr from) {
    to.sql += from.sql;
    for (Value& v : from.values) to.values.push_back(std::move(v));
}

Filter as_filter(Expr expr) {
    Filter filter;
    filter.terms.push_back("(" + expr.sql + ")");
    filter.values = std::move(expr.values);
    return filter;
}

// `term` preceded by the path's objects-only guard, if it needs one.
Expr guarded(const JsonPath& path, Expr term) {
    Expr out = path.objects_only();
    if (out.sql.empty()) return term;
    out.sql += " AND ";
    append(out, std::move(term));
    return out;
}

}  // namespace

Filter attribute_condition(const RuleCondition& condition, SqlFlavour flavour) {
    const JsonPath path{text_search::path_keys(attribute_path(condition.field)), flavour};
    Expr term;
    switch (condition.op) {
        case RuleOperator::equals:
        case RuleOperator::in: {
            term = path.text();
            term.sql = "(" + term.sql + ") IN (";
            for (std::size_t i = 0; i < condition.values.size(); ++i) {
                term.sql += i == 0 ? "?" : ", ?";
                term.values.emplace_back(condition.values[i]);
            }
            term.sql += ")";
            break;
        }
        case RuleOperator::prefix:
            for (const std::string& prefix : condition.values) {
                if (!term.sql.empty()) term.sql += " OR ";
                Expr one = starts_with(path.text(), prefix, flavour);
                one.sql = "(" + one.sql + ")";
                append(term, std::move(one));
            }
            term.sql = "(" + term.sql + ")";
            break;
        case RuleOperator::range: {
            term = path.number();
            const std::string number = "(" + term.sql + ")";
            const std::vector<Value> values = term.values;
            term.sql.clear();
            term.values.clear();
            if (condition.min) {
                term.sql = number + " >= ?";
                term.values = values;
                term.values.emplace_back(*condition.min);
            }
            if (condition.max) {
                if (!term.sql.empty()) term.sql += " AND ";
                term.sql += number + " < ?";
                term.values.insert(term.values.end(), values.begin(), values.end());
                term.values.emplace_back(*condition.max);
            }
            break;
        }
        case RuleOperator::exists:
            term = path.text();
            term.sql = "(" + term.sql + ") IS NOT NULL";
            break;
    }
    return as_filter(guarded(path, std::move(term)));
}

Filter text_search_term(const TextSearch& search, SqlFlavour flavour) {
    Expr any;
    for (const std::string& field : search.fields) {
        const JsonPath path{text_search::path_keys(field), flavour};
        Expr found = path.lowered_string();
        found.sql = std::string(flavour == SqlFlavour::sqlite ? "instr(" : "strpos(") + found.sql + ", ?) > 0";
        found.values.emplace_back(search.query);
        found = guarded(path, std::move(found));
        any.sql += any.sql.empty() ? "(" : " OR (";
        append(any, std::move(found));
        any.sql += ")";
    }
    return as_filter(std::move(any));
}

Filter identity_term(const IdentityMatch& match, SqlFlavour flavour) {
    Expr term;
    term.sql = "id IN (SELECT lead_id FROM identities WHERE kind = ? AND ";
    term.values.emplace_back(std::int64_t{static_cast<int>(match.kind)});
    if (!match.domain.empty()) {
        const std::string suffix = "@" + match.domain;
        term.sql += flavour == SqlFlavour::sqlite ? "length(value) > length(?) AND substr(value, -length(?)) = ?"
                                                  : "length(value) > length(?) AND right(value, length(?)) = ?";
        term.values.insert(term.values.end(), {suffix, suffix, suffix});
    } else {
        // A range on the primary key (kind, scope, value) (PostgreSQL: on its text_pattern_ops
        // twin, byte order as SQLite's), then the exact test; unscoped kinds name their scope.
        // The range ends at the prefix followed by the highest code point, U+10FFFF.
        if (!identity_kind_is_scoped(match.kind)) term.sql += "scope = '' AND ";
        const std::string upper = match.prefix + "\xF4\x8F\xBF\xBF";
        if (flavour == SqlFlavour::sqlite) {
            term.sql += "value >= ? AND value <= ? AND substr(value, 1, length(?)) = ?";
        } else {
            term.sql += "value ~>=~ ? AND value ~<=~ ? AND starts_with(value, ?)";
        }
        term.values.insert(term.values.end(), {match.prefix, upper, match.prefix});
        if (flavour == SqlFlavour::sqlite) term.values.emplace_back(match.prefix);
    }
    term.sql += ")";
    return as_filter(std::move(term));
}

}  // namespace leadpool::selection_sql
