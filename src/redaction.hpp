// What an erasure makes of the values a person gave (include/leadpool/personal_data.hpp): each
// becomes kRedacted. These functions only rewrite values; src/erasure.cpp decides which records
// hold the person's data.
#pragma once

#include <string>
#include <vector>

#include "leadpool/lead.hpp"
#include "leadpool/policy.hpp"
#include "leadpool/store.hpp"

namespace leadpool::detail::redaction {

// The texts an erasure replaces wherever they appear inside free text (reasons, messages): the
// erased identities' values and, for a phone, the number as written without its country code,
// and the texts the person gave as attribute values. Longest first, so a shorter one never leaves
// part of a longer one behind; none shorter than 4 bytes, which would cut ordinary words apart.
class Needles {
public:
    Needles(const std::vector<Identity>& erased, const std::vector<std::string>& values);

    // `text` with every needle in it replaced by kRedacted.
    std::string in(const std::string& text) const;
    bool empty() const { return texts_.empty(); }

private:
    std::vector<std::string> texts_;
};

// Every text inside a JSON object's values (attributes), added to `out`.
void add_texts(const std::string& json_object, std::vector<std::string>& out);

// Whether the identity is one of `erased` (kind, scope and value).
bool among(const Identity& identity, const std::vector<Identity>& erased);

// The identity with its value redacted; kind and scope stay.
Identity redacted(Identity identity);

// A JSON object (attributes, an event's payload) with every key kept and every value that is not
// an object replaced by kRedacted (nested objects keep their keys too). Text that is not a JSON
// object comes back as it was.
std::string redacted_object(const std::string& json_text);

// The detail of a lead's history row or change, of `action`, with what the person gave
// redacted: a capture's identities, attributes, record id and referrer; an update's attributes;
// a re-key's identities (before and after, blocked, shared);
// a follow-up's outcome and note; and every needle in the free text it holds (a reason, a note,
// a message, at any depth). What is the business's — channels, tags, steps, users — stays.
std::string redacted_detail(Action action, const std::string& detail, const Needles& needles);

// The detail of a change of an identity conflict (change_recorder.cpp): its record id
// redacted when the record was the person's, needles in its free text.
std::string redacted_conflict_detail(const std::string& detail, bool records_person, const Needles& needles);

// A capture row's detail (history or change) of a lead the person referred, with the referrer
// redacted when it is one of `erased`; the text as it was otherwise.
std::string redacted_referrer(const std::string& detail, const std::vector<Identity>& erased);

// A record id replaced by a marker that stays unique per row: kRedacted, "#", the lead and a
// number.
std::string redacted_record_id(LeadId lead, int number);
// Whether a record id is such a marker.
bool is_redacted_record_id(const std::string& record_id);

}  // namespace leadpool::detail::redaction
