// Hostile input, table by table: through the C ABI and through the Engine, every row is refused
// (or answered) with its own status and a message naming the field or rule, and a snapshot of
// every table of the SQLite file is the same before and after. The rows are the documentation:
// README "Reliability" points here.
#include <doctest/doctest.h>
#include <leadpool.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;

namespace {

// Every row of every table of the file, as text, each table's rows sorted.
std::string snapshot(const std::string& path) {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    std::string out;
    SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    while (tables.executeStep()) {
        const std::string table = tables.getColumn(0).getString();
        SQLite::Statement rows(db, "SELECT * FROM \"" + table + "\"");
        std::vector<std::string> lines;
        while (rows.executeStep()) {
            std::string line;
            for (int i = 0; i < rows.getColumnCount(); ++i) line += rows.getColumn(i).getString() + "\x1f";
            lines.push_back(line);
        }
        std::sort(lines.begin(), lines.end());
        out += "table " + table + "\n";
        for (const auto& line : lines) out += line + "\n";
    }
    return out;
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }
std::string big_attributes() { return R"({"notes": ")" + std::string(10 << 20, 'x') + R"("})"; }
std::string capture_json(const std::string& value, const std::string& extra = "") {
    return R"({"identities": [{"kind": "phone", "value": ")" + value + R"("}], "channel": "web")" + extra +
           "}";
}

std::string quoted(const std::string& text) { return nlohmann::json(text).dump(); }
std::string object_with(const char* field, const std::string& text) {
    return nlohmann::json{{field, text}}.dump();
}
std::string identity_json(const std::string& value) {
    return nlohmann::json{{"kind", "external_id"}, {"value", value}, {"scope", "crm"}}.dump();
}

// Strings that would change the schema or the data if any text reached SQL unbound.
const std::vector<std::string> kInjections = {
    "'; DROP TABLE leads; --",
    "\" OR 1=1 --",
    "x') ; DELETE FROM history; --",
    "1; UPDATE leads SET tier = 3",
};

// A C ABI call and what it must answer.
struct CRow {
    const char* what;
    std::function<lp_status(lp_engine*, char**)> call;
    lp_status status;
    const char* message;  // a fragment of lp_last_error(), or for LP_OK of *out
};

// An Engine call and the error it must throw.
struct EngineRow {
    const char* what;
    std::function<void(Engine&)> call;
    ErrorCode code;
    const char* message;
};

// The company of engine_fixture.hpp on a SQLite file, with one lead in ann's pool (id 1), held by
// ann at her cap there (max_held 1), one in the master pool (id 2) that absorbed lead 3 by a
// merge, and a C ABI engine on the same file.
struct HostileFixture {
    Company<SqliteStoreFactory> company;
    lp_engine* c = nullptr;
    HostileFixture() {
        company.capture("13800000001");
        company.engine->transition("boss", TransitionRequest::distribute(1, company.east, "ann"));
        PoolSettings capped;
        capped.max_held = 1;
        company.engine->set_pool_settings("boss", company.east, capped);
        company.capture("13800000002");
        company.capture("13800000003");
        company.engine->merge_leads("boss", 2, 3);
        REQUIRE(lp_engine_open(&c, ("sqlite:" + company.factory.file.path()).c_str(), nullptr) == LP_OK);
    }
    ~HostileFixture() { lp_engine_close(c); }
    const std::string& path() { return company.factory.file.path(); }
};

lp_status capture(lp_engine* e, char** out, const std::string& json, const char* actor = "boss") {
    return lp_lead_capture(out, e, actor, json.c_str());
}
lp_status transition(lp_engine* e, char** out, const std::string& json, const char* actor = "boss") {
    return lp_lead_transition(out, e, actor, json.c_str());
}

// 2100-01-01: in the future on any clock, beyond the clock-skew tolerance.
constexpr Timestamp kFarAhead = 4102444800000;

std::vector<CRow> c_rows() {
    const std::string deep = nested(10000);
    const std::string ahead = std::to_string(kFarAhead);
    std::vector<CRow> rows = {
        // a member's cap, and times from the future
        {"transition: an owner at the cap",
         [](auto e, auto out) {
             return transition(e, out, R"({"lead": 2, "action": "distribute", "to_pool": 2, "to_owner": "ann"})");
         },
         LP_LIMIT_EXCEEDED, "'ann' holds 1 lead in pool 2, max_held is 1"},
        {"transition: over_cap_reason a number",
         [](auto e, auto out) {
             return transition(e, out, R"({"lead": 2, "action": "distribute", "to_pool": 2, "over_cap_reason": 1})");
         },
         LP_INVALID_ARGUMENT, "over_cap_reason: must be a string"},
        {"follow-up: at in the future",
         [ahead](auto e, auto out) {
             return lp_lead_follow_up(out, e, "boss", 1, (R"({"kind": "call", "at": )" + ahead + "}").c_str());
         },
         LP_INVALID_ARGUMENT, "follow-up: at: 4102444800000 is in the future"},
        {"ingest: occurred_at in the future, all or nothing",
         [ahead](auto e, auto out) {
             return lp_lead_ingest(out, e, "boss",
                                   (R"([{"channel": "web", "occurred_at": )" + ahead +
                                    R"(, "identities": [{"kind": "phone", "value": "13800000009"}]}])")
                                       .c_str(),
                                   R"({"all_or_nothing": true})");
         },
         LP_INVALID_ARGUMENT, "occurred_at: 4102444800000 is in the future"},
        // malformed JSON
        {"capture: truncated object", [](auto e, auto out) { return capture(e, out, "{"); },
         LP_INVALID_ARGUMENT, "malformed JSON"},
        {"capture batch: broken array",
         [](auto e, auto out) { return lp_lead_capture_batch(out, e, "boss", "[{]"); }, LP_INVALID_ARGUMENT,
         "malformed JSON"},
        {"transition: not JSON", [](auto e, auto out) { return transition(e, out, "win lead 1"); },
         LP_INVALID_ARGUMENT, "malformed JSON"},
        {"update: trailing garbage",
         [](auto e, auto out) { return lp_lead_update(out, e, "boss", 1, "{} x"); }, LP_INVALID_ARGUMENT,
         "malformed JSON"},
        {"list: broken filter",
         [](auto e, auto out) { return lp_lead_list(out, e, "boss", "{\"tier\":", nullptr); },
         LP_INVALID_ARGUMENT, "malformed JSON"},
        {"funnel: broken filter", [](auto e, auto out) { return lp_funnel_report(out, e, "boss", "{,}"); },
         LP_INVALID_ARGUMENT, "malformed JSON"},
        {"user: broken object", [](auto e, auto) { return lp_user_add(e, "boss", "{\"id\": }"); },
         LP_INVALID_ARGUMENT, "malformed JSON"},
        {"pool: broken object", [](auto e, auto out) { return lp_pool_create(out, e, "boss", "{\"name\""); },
         LP_INVALID_ARGUMENT, "malformed JSON"},
        {"policy: broken object",
         [](auto e, auto) { return lp_policy_set(e, "boss", "factory_led", "{\"roles\": {"); },
         LP_INVALID_ARGUMENT, "malformed JSON"},
        {"find: broken identity",
         [](auto e, auto out) { return lp_lead_find(out, e, "boss", "{\"kind\": \"phone\""); },
         LP_INVALID_ARGUMENT, "malformed JSON"},
        {"capture: a field twice",
         [](auto e, auto out) { return capture(e, out, capture_json("1", R"(, "channel": "app")")); },
         LP_INVALID_ARGUMENT, "'channel' appears twice"},
        // wrong JSON types
        {"capture: identities a string",
         [](auto e, auto out) { return capture(e, out, R"({"identities": "138", "channel": "web"})"); },
         LP_INVALID_ARGUMENT, "identities"},
        {"capture: identity value a number",
         [](auto e, auto out) {
             return capture(e, out, R"({"identities": [{"kind": "phone", "value": 138}], "channel": "web"})");
         },
         LP_INVALID_ARGUMENT, "identities[0].value: must be a string"},
        {"capture: channel a number",
         [](auto e, auto out) {
             return capture(e, out, R"({"identities": [{"kind": "phone", "value": "9"}], "channel": 5})");
         },
         LP_INVALID_ARGUMENT, "channel: must be a string"},
        {"capture: attributes an array",
         [](auto e, auto out) { return capture(e, out, capture_json("9", R"(, "attributes": [1])")); },
         LP_INVALID_ARGUMENT, "attributes"},
        {"capture batch: an object",
         [](auto e, auto out) { return lp_lead_capture_batch(out, e, "boss", "{}"); }, LP_INVALID_ARGUMENT,
         "must be a JSON array"},
        {"transition: lead a string",
         [](auto e, auto out) { return transition(e, out, R"({"lead": "1", "action": "qualify"})"); },
         LP_INVALID_ARGUMENT, "lead: must be an integer"},
        {"transition: action a number",
         [](auto e, auto out) { return transition(e, out, R"({"lead": 1, "action": 6})"); },
         LP_INVALID_ARGUMENT, "action: must be a string"},
        {"transition: not a move",
         [](auto e, auto out) { return transition(e, out, R"({"lead": 1, "action": "read"})"); },
         LP_INVALID_ARGUMENT, "'read' is not a transition"},
        {"update: add_tags a string",
         [](auto e, auto out) { return lp_lead_update(out, e, "boss", 1, R"({"add_tags": "hot"})"); },
         LP_INVALID_ARGUMENT, "add_tags: must be an array of strings"},
        {"list: tier a number",
         [](auto e, auto out) { return lp_lead_list(out, e, "boss", R"({"tier": 2})", nullptr); },
         LP_INVALID_ARGUMENT, "tier: must be a string"},
        {"list: page limit too large",
         [](auto e, auto out) { return lp_lead_list(out, e, "boss", nullptr, R"({"limit": 100000})"); },
         LP_INVALID_ARGUMENT, "limit: must be 1..1000"},
        {"funnel: pool a string",
         [](auto e, auto out) { return lp_funnel_report(out, e, "boss", R"({"pool": "east"})"); },
         LP_INVALID_ARGUMENT, "pool: must be an integer"},
        {"user: id a number",
         [](auto e, auto) { return lp_user_add(e, "boss", R"({"id": 7, "name": "x"})"); },
         LP_INVALID_ARGUMENT, "id: must be a string"},
        {"pool: unknown field",
         [](auto e, auto out) { return lp_pool_create(out, e, "boss", R"({"name": "x", "owner": "ann"})"); },
         LP_INVALID_ARGUMENT, "owner: unknown field"},
        {"policy: unknown action",
         [](auto e, auto) {
             return lp_policy_set(e, "boss", "factory_led",
                                  R"({"roles": {"director": [{"actions": ["fly"]}]}})");
         },
         LP_INVALID_ARGUMENT, "fly"},
        {"policy: a duplicate disclosure nobody knows",
         [](auto e, auto) {
             return lp_policy_set(e, "boss", "factory_led",
                                  R"({"roles": {"director": [{"actions": ["*"], "scope": "all"}]},
                                      "duplicates": {"director": "everything"}})");
         },
         LP_INVALID_ARGUMENT, "duplicates.director: must be"},
        {"policy: a duplicate disclosure for a role it does not list",
         [](auto e, auto) {
             return lp_policy_set(e, "boss", "factory_led",
                                  R"({"roles": {"director": [{"actions": ["*"], "scope": "all"}]},
                                      "duplicates": {"intern": "owner"}})");
         },
         LP_INVALID_ARGUMENT, "duplicates.intern: names a role"},
        // identity rules: refused before anything is re-keyed
        {"identity rules: a priority of 0",
         [](auto e, auto out) {
             return lp_identity_rules_replace(out, e, "boss", R"({"kinds": {"device_id": {"priority": 0}}})");
         },
         LP_INVALID_ARGUMENT, "kinds.device_id.priority: must be 1..1000000"},
        {"identity rules: keep_unidentified a string",
         [](auto e, auto out) { return lp_identity_rules_replace(out, e, "boss", R"({"keep_unidentified": "no"})"); },
         LP_INVALID_ARGUMENT, "keep_unidentified: must be"},
        {"identity rules: a region with no numbering plan",
         [](auto e, auto out) { return lp_identity_rules_replace(out, e, "boss", R"({"default_region": "XX"})"); },
         LP_INVALID_ARGUMENT, "default_region: must be a region"},
        {"identity rules: a salesperson re-keying",
         [](auto e, auto out) { return lp_identity_rules_replace(out, e, "ann", R"({"default_region": ""})"); },
         LP_PERMISSION_DENIED, "manage_org"},
        // scoring rules: refused before any lead is rescored
        {"scoring rules: an unknown field of a lead",
         [](auto e, auto out) {
             return lp_scoring_set(out, e, "boss", R"({"models": [{"name": "fit", "rules": [{"name": "a",
                 "points": 1, "when": [{"field": "colour", "op": "exists"}]}]}]})");
         },
         LP_INVALID_ARGUMENT, "models[0].rules[0].when[0]: unknown field 'colour'"},
        {"scoring rules: points past the bound",
         [](auto e, auto out) {
             return lp_scoring_set(out, e, "boss", R"({"models": [{"name": "fit", "rules": [{"name": "a",
                 "points": 99999999999}]}]})");
         },
         LP_INVALID_ARGUMENT, "models[0].rules[0].points: 99999999999 is out of range"},
        {"scoring rules: an event window of no days",
         [](auto e, auto out) {
             return lp_scoring_set(out, e, "boss", R"({"models": [{"name": "fit", "rules": [{"name": "a",
                 "points": 1, "event": {"type": "view", "within_days": 0}}]}]})");
         },
         LP_INVALID_ARGUMENT, "event.within_days: 0 is out of range"},
        {"scoring rules: a salesperson changing them",
         [](auto e, auto out) { return lp_scoring_set(out, e, "ann", R"({"models": []})"); },
         LP_PERMISSION_DENIED, "manage_scoring"},
        // workflows
        {"workflow update: no such workflow",
         [](auto e, auto out) {
             return lp_workflow_update(out, e, "boss", R"({"name": "ghost", "steps": [{"name": "a"}]})");
         },
         LP_NOT_FOUND, "no workflow 'ghost'"},
        {"workflow update: retired by the definition",
         [](auto e, auto out) {
             return lp_workflow_update(out, e, "boss", R"({"name": "w", "steps": [{"name": "a"}], "retired": true})");
         },
         LP_NOT_FOUND, "no workflow 'w'"},
        {"workflow define: retired from the start",
         [](auto e, auto out) {
             return lp_workflow_define(out, e, "boss", R"({"name": "w", "steps": [{"name": "a"}], "retired": true})");
         },
         LP_INVALID_ARGUMENT, "retire a workflow with retire_workflow"},
        {"workflow retire: no such workflow",
         [](auto e, auto out) { return lp_workflow_retire(out, e, "boss", "'; DROP TABLE leads; --"); },
         LP_NOT_FOUND, "no workflow"},
        {"open: unknown option",
         [](auto, auto) {
             lp_engine* other = nullptr;
             return lp_engine_open(&other, "memory:", R"({"cache": 1})");
         },
         LP_INVALID_ARGUMENT, "options.cache: unknown field"},
        // invalid UTF-8 and NUL bytes
        {"capture: identity not UTF-8",
         [](auto e, auto out) { return capture(e, out, capture_json("\xff\xfe")); }, LP_INVALID_ARGUMENT,
         "malformed JSON"},
        {"capture: NUL in the identity",
         [](auto e, auto out) { return capture(e, out, capture_json("13\\u00008")); }, LP_INVALID_ARGUMENT,
         "NUL byte"},
        {"capture: NUL in a tag",
         [](auto e, auto out) { return capture(e, out, capture_json("9", R"(, "tags": ["a\u0000b"])")); },
         LP_INVALID_ARGUMENT, "NUL byte"},
        {"update: overlong UTF-8 in an attribute",
         [](auto e, auto out) {
             return lp_lead_update(out, e, "boss", 1, "{\"attributes\": {\"a\": \"\xc0\xaf\"}}");
         },
         LP_INVALID_ARGUMENT, "malformed JSON"},
        {"transition: reason not UTF-8",
         [](auto e, auto out) {
             return transition(e, out,
                               "{\"lead\": 1, \"action\": \"invalidate\", \"reason\": \"\xed\xa0\x80\"}");
         },
         LP_INVALID_ARGUMENT, "malformed JSON"},
        // sizes
        {"capture: 10 MB attribute value",
         [](auto e, auto out) {
             return capture(e, out, capture_json("9", ", \"attributes\": " + big_attributes()));
         },
         LP_LIMIT_EXCEEDED, "attributes"},
        {"update: 10 MB attribute value",
         [](auto e, auto out) {
             return lp_lead_update(out, e, "boss", 1, ("{\"attributes\": " + big_attributes() + "}").c_str());
         },
         LP_LIMIT_EXCEEDED, "attributes"},
        {"capture: attributes 10,000 deep",
         [deep](auto e, auto out) {
             return capture(e, out, capture_json("9", R"(, "attributes": {"a": )" + deep + "}"));
         },
         LP_LIMIT_EXCEEDED, "nests deeper"},
        {"transition batch: 10,000 deep",
         [deep](auto e, auto out) { return lp_lead_transition_batch(out, e, "boss", deep.c_str()); },
         LP_LIMIT_EXCEEDED, "nests deeper"},
        {"filter: 10,000 deep",
         [deep](auto e, auto out) {
             return lp_lead_list(out, e, "boss", ("{\"tier\": " + deep + "}").c_str(), nullptr);
         },
         LP_LIMIT_EXCEEDED, "nests deeper"},
        {"policy: 10,000 deep",
         [deep](auto e, auto) { return lp_policy_set(e, "boss", "factory_led", deep.c_str()); },
         LP_LIMIT_EXCEEDED, "nests deeper"},
        {"open options: 10,000 deep",
         [deep](auto, auto) {
             lp_engine* other = nullptr;
             return lp_engine_open(&other, "memory:", deep.c_str());
         },
         LP_LIMIT_EXCEEDED, "nests deeper"},
        {"capture: identity over 4096 bytes",
         [](auto e, auto out) { return capture(e, out, capture_json(std::string(5000, '7'))); },
         LP_LIMIT_EXCEEDED, "longer than 4096 bytes"},
        // NULL pointers
        {"capture: out NULL", [](auto e, auto) { return lp_lead_capture(nullptr, e, "boss", "{}"); },
         LP_INVALID_ARGUMENT, "out is NULL"},
        {"capture: engine NULL", [](auto, auto out) { return lp_lead_capture(out, nullptr, "boss", "{}"); },
         LP_INVALID_ARGUMENT, "engine is NULL"},
        {"capture: actor NULL",
         [](auto e, auto out) { return lp_lead_capture(out, e, nullptr, capture_json("9").c_str()); },
         LP_INVALID_ARGUMENT, "actor is NULL"},
        {"capture: input NULL", [](auto e, auto out) { return lp_lead_capture(out, e, "boss", nullptr); },
         LP_INVALID_ARGUMENT, "input_json is NULL"},
        {"transition: request NULL",
         [](auto e, auto out) { return lp_lead_transition(out, e, "boss", nullptr); }, LP_INVALID_ARGUMENT,
         "request_json is NULL"},
        {"stage: name NULL", [](auto e, auto) { return lp_stage_set(e, "boss", nullptr); },
         LP_INVALID_ARGUMENT, "stage is NULL"},
        {"can: action NULL",
         [](auto e, auto) {
             int may = 0;
             return lp_lead_can(&may, e, "boss", nullptr, 1);
         },
         LP_INVALID_ARGUMENT, "action is NULL"},
        {"iterator: NULL", [](auto, auto out) { return lp_lead_iter_next(out, nullptr); },
         LP_INVALID_ARGUMENT, "iter is NULL"},
        // unknown and absorbed ids
        {"get: an absorbed id answers as its survivor",
         [](auto e, auto out) { return lp_lead_get(out, e, "boss", 3); }, LP_OK, "\"id\":2,"},
        {"merge: an absorbed id with its survivor",
         [](auto e, auto out) { return lp_lead_merge(out, e, "boss", 2, 3, nullptr); }, LP_INVALID_ARGUMENT,
         "are one lead already"},
        {"transition: an absorbed id, illegally",
         [](auto e, auto out) { return transition(e, out, R"({"lead": 3, "action": "win"})"); },
         LP_ILLEGAL_TRANSITION, "win"},
        {"unmerge: an unknown merge",
         [](auto e, auto out) { return lp_lead_unmerge(out, e, "boss", 999, nullptr); }, LP_NOT_FOUND,
         "no merge 999"},
        {"get: unknown lead", [](auto e, auto out) { return lp_lead_get(out, e, "boss", 999999); },
         LP_NOT_FOUND, "no lead 999999"},
        {"get: negative lead", [](auto e, auto out) { return lp_lead_get(out, e, "boss", -1); }, LP_NOT_FOUND,
         "no lead -1"},
        {"transition: unknown lead",
         [](auto e, auto out) { return transition(e, out, R"({"lead": 999999, "action": "win"})"); },
         LP_NOT_FOUND, "no lead 999999"},
        {"distribute: unknown pool",
         [](auto e, auto out) {
             return transition(e, out, R"({"lead": 2, "action": "distribute", "to_pool": 999})");
         },
         LP_NOT_FOUND, "no pool 999"},
        {"distribute: unknown owner",
         [](auto e, auto out) {
             return transition(e, out,
                               R"({"lead": 2, "action": "distribute", "to_pool": 2, "to_owner": "nobody"})");
         },
         LP_NOT_FOUND, "no user 'nobody'"},
        {"update: unknown lead",
         [](auto e, auto out) { return lp_lead_update(out, e, "boss", 424242, "{}"); }, LP_NOT_FOUND,
         "no lead 424242"},
        {"pool: unknown pool", [](auto e, auto out) { return lp_pool_get(out, e, "boss", 77); }, LP_NOT_FOUND,
         "no pool 77"},
        {"user: unknown user", [](auto e, auto out) { return lp_user_get(out, e, "boss", "nobody"); },
         LP_NOT_FOUND, "no user 'nobody'"},
        // illegal transitions
        {"win a lead in a sub pool",
         [](auto e, auto out) { return transition(e, out, R"({"lead": 1, "action": "win"})"); },
         LP_ILLEGAL_TRANSITION, "win"},
        {"qualify a lead in the master pool",
         [](auto e, auto out) { return transition(e, out, R"({"lead": 2, "action": "qualify"})"); },
         LP_ILLEGAL_TRANSITION, "qualify"},
        {"restore a valid lead",
         [](auto e, auto out) { return transition(e, out, R"({"lead": 2, "action": "restore"})"); },
         LP_ILLEGAL_TRANSITION, "restore"},
        {"a batch whose second move is illegal",
         [](auto e, auto out) {
             return lp_lead_transition_batch(
                 out, e, "boss", R"([{"lead": 1, "action": "qualify"}, {"lead": 2, "action": "win"}])");
         },
         LP_ILLEGAL_TRANSITION, "batch item 1"},
        // permission denials
        {"a salesperson distributes a master lead, nothing to her",
         [](auto e, auto out) {
             return transition(e, out, R"({"lead": 2, "action": "distribute", "to_pool": 2})", "ann");
         },
         LP_NOT_FOUND, "no lead 2"},
        {"a salesperson reads another's lead", [](auto e, auto out) { return lp_lead_get(out, e, "bob", 1); },
         LP_NOT_FOUND, "no lead 1"},  // as an id that names no lead (docs/design.md 5.4)
        {"a salesperson changes the stage", [](auto e, auto) { return lp_stage_set(e, "ann", "sales_led"); },
         LP_PERMISSION_DENIED, "may not manage_org"},
        {"a salesperson adds a user",
         [](auto e, auto) { return lp_user_add(e, "ann", R"({"id": "eve", "name": "Eve"})"); },
         LP_PERMISSION_DENIED, "may not manage_users"},
        // conflicts
        {"a stale version",
         [](auto e, auto out) {
             return transition(e, out, R"({"lead": 1, "action": "qualify", "expected_version": 1})");
         },
         LP_CONFLICT, "is at version 2, not 1"},
        {"a user id taken",
         [](auto e, auto) { return lp_user_add(e, "boss", R"({"id": "ann", "name": "Ann 2"})"); },
         LP_CONFLICT, "exists already"},
        // personal data: erasure and subject access
        {"erase: request not JSON", [](auto e, auto out) { return lp_lead_erase(out, e, "boss", 1, "{reason"); },
         LP_INVALID_ARGUMENT, "erasure request: malformed JSON"},
        {"erase: request 10,000 deep",
         [deep](auto e, auto out) { return lp_lead_erase(out, e, "boss", 1, deep.c_str()); }, LP_LIMIT_EXCEEDED,
         "nests deeper"},
        {"erase: request an array",
         [](auto e, auto out) { return lp_lead_erase(out, e, "boss", 1, R"(["gdpr"])"); }, LP_INVALID_ARGUMENT,
         "must be a JSON object"},
        {"erase: no reason", [](auto e, auto out) { return lp_lead_erase(out, e, "boss", 1, "{}"); },
         LP_INVALID_ARGUMENT, "'reason' is required"},
        {"erase: reason a number",
         [](auto e, auto out) { return lp_lead_erase(out, e, "boss", 1, R"({"reason": 42})"); },
         LP_INVALID_ARGUMENT, "reason: must be a string"},
        {"erase: a blank reason",
         [](auto e, auto out) { return lp_lead_erase(out, e, "boss", 1, R"({"reason": " \t"})"); },
         LP_INVALID_ARGUMENT, "reason is empty"},
        {"erase: NUL inside the reason",
         [](auto e, auto out) { return lp_lead_erase(out, e, "boss", 1, R"({"reason": "gd\u0000pr"})"); },
         LP_INVALID_ARGUMENT, "reason holds a NUL byte"},
        {"erase: a reason of 5000 bytes",
         [](auto e, auto out) {
             return lp_lead_erase(out, e, "boss", 1, object_with("reason", std::string(5000, 'r')).c_str());
         },
         LP_LIMIT_EXCEEDED, "reason is longer than 4096 bytes"},
        {"erase: suppress a string",
         [](auto e, auto out) {
             return lp_lead_erase(out, e, "boss", 1, R"({"reason": "gdpr", "suppress": "yes"})");
         },
         LP_INVALID_ARGUMENT, "suppress: must be true or false"},
        {"erase: a field twice",
         [](auto e, auto out) {
             return lp_lead_erase(out, e, "boss", 1, R"({"reason": "gdpr", "reason": "again"})");
         },
         LP_INVALID_ARGUMENT, "field 'reason' appears twice"},
        {"erase: an unknown lead",
         [](auto e, auto out) { return lp_lead_erase(out, e, "boss", 999999, R"({"reason": "gdpr"})"); },
         LP_NOT_FOUND, "no lead 999999"},
        {"erase: a negative id",
         [](auto e, auto out) { return lp_lead_erase(out, e, "boss", -1, R"({"reason": "gdpr"})"); },
         LP_NOT_FOUND, "no lead -1"},
        {"erase: an absorbed lead outside the actor's scope",
         [](auto e, auto out) { return lp_lead_erase(out, e, "bob", 3, R"({"reason": "gdpr"})"); }, LP_NOT_FOUND,
         "no lead 3"},
        {"erase: a salesperson erases her own lead",
         [](auto e, auto out) { return lp_lead_erase(out, e, "ann", 1, R"({"reason": "gdpr"})"); },
         LP_PERMISSION_DENIED, "may not erase_personal_data"},
        {"subject access: identity not JSON",
         [](auto e, auto out) { return lp_personal_data(out, e, "boss", "{\"kind\""); }, LP_INVALID_ARGUMENT,
         "identity: malformed JSON"},
        {"subject access: identity 10,000 deep",
         [deep](auto e, auto out) { return lp_personal_data(out, e, "boss", deep.c_str()); }, LP_LIMIT_EXCEEDED,
         "nests deeper"},
        {"subject access: an unknown kind",
         [](auto e, auto out) { return lp_personal_data(out, e, "boss", R"({"kind": "fax", "value": "1"})"); },
         LP_INVALID_ARGUMENT, "unknown identity kind 'fax'"},
        {"subject access: an impossible phone",
         [](auto e, auto out) { return lp_personal_data(out, e, "boss", R"({"kind": "phone", "value": "12"})"); },
         LP_INVALID_ARGUMENT, "phone"},
        {"subject access: NUL inside the value",
         [](auto e, auto out) {
             return lp_personal_data(out, e, "boss", R"({"kind": "email", "value": "li\u0000@example.com"})");
         },
         LP_INVALID_ARGUMENT, "NUL byte"},
        {"subject access: a lead outside the actor's scope",
         [](auto e, auto out) {
             return lp_personal_data(out, e, "bob", R"({"kind": "phone", "value": "13800000001"})");
         },
         LP_NOT_FOUND, "no lead holds phone '+8613800000001'"},
        {"subject access: a salesperson exports her own lead",
         [](auto e, auto out) {
             return lp_personal_data(out, e, "ann", R"({"kind": "phone", "value": "13800000001"})");
         },
         LP_PERMISSION_DENIED, "may not export_personal_data"},
    };
    // SQL injection in every text field a call takes: refused, or answered with nothing found.
    for (const std::string& s : kInjections) {
        rows.push_back({"injection as an identity to export",
                        [s](auto e, auto out) { return lp_personal_data(out, e, "boss", identity_json(s).c_str()); },
                        LP_NOT_FOUND, "no lead holds"});
        rows.push_back({"injection as the eraser",
                        [s](auto e, auto out) { return lp_lead_erase(out, e, s.c_str(), 1, R"({"reason": "x"})"); },
                        LP_PERMISSION_DENIED, "unknown actor"});
        rows.push_back({"injection as the actor",
                        [s](auto e, auto out) { return lp_lead_get(out, e, s.c_str(), 1); },
                        LP_PERMISSION_DENIED, "unknown actor"});
        rows.push_back({"injection as a user id",
                        [s](auto e, auto out) { return lp_user_get(out, e, "boss", s.c_str()); },
                        LP_NOT_FOUND, "no user"});
        rows.push_back({"injection as a stage",
                        [s](auto e, auto) { return lp_stage_set(e, "boss", s.c_str()); }, LP_INVALID_ARGUMENT,
                        "unknown stage"});
        rows.push_back({"injection as an action",
                        [s](auto e, auto) {
                            int may = 0;
                            return lp_lead_can(&may, e, "boss", s.c_str(), 1);
                        },
                        LP_INVALID_ARGUMENT, "unknown action"});
        rows.push_back({"injection as a storage URI",
                        [s](auto, auto) {
                            lp_engine* other = nullptr;
                            return lp_engine_open(&other, s.c_str(), nullptr);
                        },
                        LP_INVALID_ARGUMENT, "storage_uri"});
        rows.push_back(
            {"injection as an identity to find",
             [s](auto e, auto out) { return lp_lead_find(out, e, "boss", identity_json(s).c_str()); }, LP_OK,
             "null"});
        for (const char* field : {"owner", "channel", "tag"}) {
            rows.push_back({"injection in a list filter",
                            [s, field](auto e, auto out) {
                                return lp_lead_list(out, e, "boss", object_with(field, s).c_str(), nullptr);
                            },
                            LP_OK, "\"leads\":[]"});
        }
        for (const char* field : {"owner", "channel"}) {
            rows.push_back({"injection in a funnel filter",
                            [s, field](auto e, auto out) {
                                return lp_funnel_report(out, e, "boss", object_with(field, s).c_str());
                            },
                            LP_OK, "\"leads\":0"});
        }
        rows.push_back(
            {"injection as a pool name, by a salesperson",
             [s](auto e, auto out) { return lp_pool_create(out, e, "ann", object_with("name", s).c_str()); },
             LP_PERMISSION_DENIED, "may not manage_pools"});
        rows.push_back({"injection as a new owner",
                        [s](auto e, auto out) {
                            return transition(
                                e, out,
                                R"({"lead": 2, "action": "distribute", "to_pool": 2, "to_owner": )" +
                                    quoted(s) + "}");
                        },
                        LP_NOT_FOUND, "no user"});
    }
    return rows;
}

// Engine calls with what a C++ host could pass that JSON cannot carry: raw bytes, NULs inside
// std::string, enum values out of range.
std::vector<EngineRow> engine_rows() {
    IngestOptions all_or_nothing;
    all_or_nothing.all_or_nothing = true;
    ChannelRecord from_the_future;
    from_the_future.channel = "web";
    from_the_future.identities = {Identity{IdentityKind::phone, "13800000009", ""}};
    from_the_future.occurred_at = kFarAhead;
    ChannelRecord event_from_the_future = from_the_future;
    event_from_the_future.occurred_at.reset();
    event_from_the_future.events = {BehaviourEvent{"page_view", kFarAhead, "{}"}};
    std::vector<EngineRow> rows = {
        {"a distribution to an owner at the cap",
         [](Engine& e) { e.transition("boss", TransitionRequest::distribute(2, 2, "ann")); },
         ErrorCode::limit_exceeded, "'ann' holds 1 lead in pool 2, max_held is 1"},
        {"a follow-up from the future",
         [](Engine& e) { e.follow_up("boss", 1, FollowUp{ActivityKind::call, kFarAhead, "", ""}); },
         ErrorCode::invalid_argument, "follow-up: at: 4102444800000 is in the future"},
        {"a record from the future, all or nothing",
         [=](Engine& e) { e.ingest("boss", {from_the_future}, all_or_nothing); }, ErrorCode::invalid_argument,
         "occurred_at: 4102444800000 is in the future"},
        {"an event from the future, all or nothing",
         [=](Engine& e) { e.ingest("boss", {event_from_the_future}, all_or_nothing); },
         ErrorCode::invalid_argument, "events[0].at: 4102444800000 is in the future"},
        {"identity not UTF-8", [](Engine& e) { e.capture("boss", phone_lead("\xff\xfe")); },
         ErrorCode::invalid_argument, "not valid UTF-8"},
        {"NUL inside the channel",
         [](Engine& e) { e.capture("boss", phone_lead("13800000009", std::string("we\0b", 4))); },
         ErrorCode::invalid_argument, "NUL byte"},
        {"attributes not JSON", [](Engine& e) { e.capture("boss", phone_lead("13800000009", "web", "{'a': 1}")); },
         ErrorCode::invalid_argument, "malformed JSON"},
        {"attributes not an object",
         [](Engine& e) {
             e.update_lead("boss", 1, LeadUpdate{"[1, 2]", {}, {}, 0});
         },
         ErrorCode::invalid_argument, "must be a JSON object"},
        {"10 MB attributes", [](Engine& e) { e.capture("boss", phone_lead("13800000009", "web", big_attributes())); },
         ErrorCode::limit_exceeded, "larger than"},
        {"attributes 10,000 deep",
         [](Engine& e) { e.capture("boss", phone_lead("13800000009", "web", R"({"a": )" + nested(10000) + "}")); },
         ErrorCode::limit_exceeded, "nests deeper"},
        {"no identity",
         [](Engine& e) {
             LeadInput input = phone_lead("13800000009");
             input.identities.clear();
             e.capture("boss", input);
         },
         ErrorCode::invalid_argument, "at least one"},
        {"an action out of range", [](Engine& e) { e.transition("boss", move(1, static_cast<Action>(200))); },
         ErrorCode::invalid_argument, "transition"},
        {"a stage out of range", [](Engine& e) { e.set_stage("boss", static_cast<OrgStage>(99)); },
         ErrorCode::invalid_argument, "unknown stage"},
        {"an unknown lead", [](Engine& e) { e.lead("boss", 999999); }, ErrorCode::not_found,
         "no lead 999999"},
        {"an illegal move", [](Engine& e) { e.transition("boss", TransitionRequest::win(2)); },
         ErrorCode::illegal_transition, "win"},
        {"a move of a lead outside the actor's scope", [](Engine& e) { e.transition("bob", TransitionRequest::qualify(1)); },
         ErrorCode::not_found, "no lead 1"},
        {"a lose without a reason", [](Engine& e) { e.transition("boss", TransitionRequest::lose(1, "")); },
         ErrorCode::illegal_transition, "lose"},
        {"an erasure reason not UTF-8", [](Engine& e) { e.erase("boss", 1, ErasureRequest{"\xff\xfe", false}); },
         ErrorCode::invalid_argument, "not valid UTF-8"},
        {"an erasure without a reason", [](Engine& e) { e.erase("boss", 1, ErasureRequest{}); },
         ErrorCode::invalid_argument, "reason is empty"},
        {"an erasure of an unknown lead", [](Engine& e) { e.erase("boss", 999999, ErasureRequest{"gdpr", true}); },
         ErrorCode::not_found, "no lead 999999"},
        {"an erasure outside the actor's scope", [](Engine& e) { e.erase("bob", 1, ErasureRequest{"gdpr", true}); },
         ErrorCode::not_found, "no lead 1"},
        {"subject access by an identity not UTF-8",
         [](Engine& e) { e.personal_data("boss", Identity{IdentityKind::email, "\xff@example.com", ""}); },
         ErrorCode::invalid_argument, "identity value is not valid UTF-8"},
        {"subject access by a kind out of range",
         [](Engine& e) { e.personal_data("boss", Identity{static_cast<IdentityKind>(99), "1", ""}); },
         ErrorCode::invalid_argument, "unknown kind 99"},
        {"subject access by a scope on a kind without one",
         [](Engine& e) { e.personal_data("boss", Identity{IdentityKind::phone, "13800000001", "wx"}); },
         ErrorCode::invalid_argument, "scope"},
    };
    for (const std::string& s : kInjections) {
        rows.push_back({"injection as the actor", [s](Engine& e) { e.capture(s, phone_lead("13800000009")); },
                        ErrorCode::permission_denied, "unknown actor"});
        rows.push_back({"injection as the owner",
                        [s](Engine& e) { e.transition("boss", TransitionRequest::distribute(2, 2, s)); },
                        ErrorCode::not_found, "no user"});
        rows.push_back({"injection as a pool name, by a salesperson",
                        [s](Engine& e) {
                            e.create_pool("ann", PoolSpec{s, std::nullopt, {}, {}});
                        },
                        ErrorCode::permission_denied, "may not manage_pools"});
    }
    return rows;
}

}  // namespace

TEST_CASE("hostile input through the C ABI: its own status and message, and the file unchanged") {
    HostileFixture f;
    const std::string before = snapshot(f.path());
    for (const CRow& row : c_rows()) {
        const std::string what = row.what;
        CAPTURE(what);
        char* out = nullptr;
        const lp_status status = row.call(f.c, &out);
        CHECK_MESSAGE(status == row.status, lp_last_error());
        if (row.status == LP_OK) {
            REQUIRE(out != nullptr);
            CHECK(std::string(out).find(row.message) != std::string::npos);
        } else {
            CHECK(out == nullptr);
            CHECK_MESSAGE(std::string(lp_last_error()).find(row.message) != std::string::npos,
                          lp_last_error());
        }
        lp_free(out);
    }
    CHECK(snapshot(f.path()) == before);
}

TEST_CASE("hostile input through the Engine: its own code and message, and the file unchanged") {
    HostileFixture f;
    const std::string before = snapshot(f.path());
    for (const EngineRow& row : engine_rows()) {
        const std::string what = row.what;
        CAPTURE(what);
        try {
            row.call(*f.company.engine);
            FAIL("accepted");
        } catch (const Error& error) {
            CHECK(error.code() == row.code);
            CHECK_MESSAGE(std::string(error.what()).find(row.message) != std::string::npos, error.what());
        }
    }
    CHECK(snapshot(f.path()) == before);
}

TEST_CASE("SQL-injection strings in every text field of a capture are stored as text, nothing else") {
    HostileFixture f;
    for (const std::string& s : kInjections) {
        LeadInput input = phone_lead("13800000009", s, nlohmann::json{{s, s}}.dump());
        input.identities = {Identity{IdentityKind::external_id, s, s}};
        input.attribution = Attribution{s, s, s};
        input.tags = {s};
        const Lead lead = f.company.engine->capture("boss", input).lead;
        const Lead stored = f.company.engine->lead("boss", lead.id);
        CHECK(stored.channel == s);
        CHECK(stored.tags == std::vector<std::string>{s});
        CHECK(stored.attribution == input.attribution);
        CHECK(stored.identities == input.identities);
        CHECK(f.company.engine->find_lead("boss", Identity{IdentityKind::external_id, s, s})->id == lead.id);
        f.company.engine->transition("boss", TransitionRequest::invalidate(lead.id, s));
        CHECK(f.company.engine->history("boss", lead.id).back().reason == s);
    }
    // Every table is still there, and only the captured leads were added.
    CHECK(f.company.engine->leads("boss", {}, {}).leads.size() == 2 + kInjections.size());
    SQLite::Database db(f.path(), SQLite::OPEN_READONLY);
    for (const char* table :
         {"leads", "history", "identities", "lead_tags", "funnel_counts", "users", "pools"}) {
        CHECK(db.tableExists(table));
    }
}
