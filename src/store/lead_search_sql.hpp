// The terms of a lead selection that read inside a lead (its attributes' JSON and its identities)
// as SQL, spelled for SQLite and PostgreSQL. Each term means exactly what selection_matches and
// the routing matcher mean (docs/json.md, "LeadFilter"):
//   - an attribute's value compares as the routing matcher sees it: a JSON string as its text,
//     anything else as its JSON text as stored (SQLite `->`, PostgreSQL's `json` type, which both
//     keep the stored text, written by nlohmann's dump as the engine wrote it); JSON null is absent;
//   - a path step only enters an object (PostgreSQL's #> would index an array by a digit key);
//   - the text search lowers ASCII letters only, on JSON strings only.
#pragma once

#include <string>
#include <vector>

#include "leadpool/store.hpp"
#include "store/selection_sql.hpp"

namespace leadpool::selection_sql {

// The term for one attribute condition (an "attributes.<path>" field).
Filter attribute_condition(const RuleCondition& condition, SqlFlavour flavour);

// The term for a text search whose query is already lowered.
Filter text_search_term(const TextSearch& search, SqlFlavour flavour);

// The term for an identity match whose prefix or domain is already normalised.
Filter identity_term(const IdentityMatch& match, SqlFlavour flavour);

}  // namespace leadpool::selection_sql
