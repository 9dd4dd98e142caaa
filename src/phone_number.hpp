// Phone numbers through libphonenumber: parsing any way a person or a form writes one, the
// canonical E.164 form, the number's type, and the regions the identity rules may name.
// libphonenumber's headers stay in phone_number.cpp.
#pragma once

#include <string>
#include <string_view>

#include "leadpool/identity.hpp"

namespace leadpool::detail {

// The canonical form of a phone number: E.164 "+<country code><national number>", with
// ";ext=<digits>" when it names an extension. `region` (ISO 3166 "CN", "IT") places a number
// written without its country code; with "" such a number keeps its bare digits. Throws
// Error(invalid_argument) with the reason it is not a possible number.
std::string canonical_phone(const std::string& written, const std::string& region);

// The digits of a canonical phone after its country code, without an extension (bare digits
// as they are).
std::string national_digits(const std::string& canonical);

PhoneNumberType canonical_phone_type(const std::string& canonical);

// Whether `region` is "" or a region libphonenumber has numbering rules for.
bool is_phone_region(const std::string& region);

// The main region of a country calling code ("86" -> "CN", "1" -> "US"); "" for "" or a code no
// region uses.
std::string region_of_calling_code(std::string_view digits);

}  // namespace leadpool::detail
