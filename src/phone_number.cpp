// Phone numbers through libphonenumber (phone_number.hpp). PhoneNumberUtil is a thread-safe
// singleton holding the numbering plans of every region.
#include "phone_number.hpp"

#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "leadpool/error.hpp"

namespace leadpool::detail {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

constexpr std::size_t kMinBareDigits = 3;
constexpr std::size_t kMaxBareDigits = 15;  // E.164
constexpr std::string_view kExtension = ";ext=";
constexpr const char* kNoRegion = "ZZ";  // libphonenumber's "unknown region"

const PhoneNumberUtil& util() { return *PhoneNumberUtil::GetInstance(); }

[[noreturn]] void invalid(const std::string& written, const std::string& why) {
    throw Error(ErrorCode::invalid_argument, "identity: phone '" + written + "' " + why);
}

std::string parse_failure(PhoneNumberUtil::ErrorType error) {
    switch (error) {
        case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR: return "has no country code a region uses";
        case PhoneNumberUtil::NOT_A_NUMBER: return "is not a phone number";
        case PhoneNumberUtil::TOO_SHORT_AFTER_IDD: return "is too short after its international prefix";
        case PhoneNumberUtil::TOO_SHORT_NSN: return "is too short to be a phone number";
        case PhoneNumberUtil::TOO_LONG_NSN: return "is too long to be a phone number";
        case PhoneNumberUtil::NO_PARSING_ERROR: break;
    }
    return "is not a phone number";
}

std::string region_of(const PhoneNumber& number) {
    std::string region;
    util().GetRegionCodeForCountryCode(number.country_code(), &region);
    return region == kNoRegion ? "+" + std::to_string(number.country_code()) : region;
}

// Why libphonenumber finds no possible number of its country in `number`; "" when it is one.
std::string impossibility(const PhoneNumber& number) {
    switch (util().IsPossibleNumberWithReason(number)) {
        case PhoneNumberUtil::IS_POSSIBLE: return "";
        case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
            return "is a local number of " + region_of(number) + ": it needs its area code";
        case PhoneNumberUtil::INVALID_COUNTRY_CODE: return "has no country code a region uses";
        case PhoneNumberUtil::TOO_SHORT: return "is too short for a number of " + region_of(number);
        case PhoneNumberUtil::TOO_LONG: return "is too long for a number of " + region_of(number);
        case PhoneNumberUtil::INVALID_LENGTH: return "has a length no number of " + region_of(number) + " has";
    }
    return "is not a possible phone number";
}

std::string formatted(const PhoneNumber& number) {
    std::string out;
    util().Format(number, PhoneNumberUtil::E164, &out);
    if (number.has_extension()) out += std::string(kExtension) + number.extension();
    return out;
}

std::string without_separators(const std::string& written) {
    std::string compact;
    for (char c : written) {
        if (std::string_view(" -.()/\t").find(c) == std::string_view::npos) compact += c;
    }
    return compact;
}

// Without a region, a number with no country code cannot be placed: it keeps its digits.
std::string bare_digits(const std::string& written, const std::string& compact) {
    if (!std::all_of(compact.begin(), compact.end(), [](unsigned char c) { return std::isdigit(c) != 0; }))
        invalid(written, "holds characters other than digits (and names no country code)");
    if (compact.size() < kMinBareDigits || compact.size() > kMaxBareDigits) {
        invalid(written, "must have " + std::to_string(kMinBareDigits) + ".." + std::to_string(kMaxBareDigits) +
                             " digits");
    }
    return compact;
}

bool parses(const std::string& text, const char* region, PhoneNumber& out) {
    return util().Parse(text, region, &out) == PhoneNumberUtil::NO_PARSING_ERROR;
}

// The country code's length in a canonical "+<digits>": calling codes are prefix-free, so the
// first prefix a region uses is the code.
std::size_t calling_code_length(const std::string& canonical) {
    for (std::size_t length = 1; length <= 3 && length < canonical.size(); ++length) {
        const int code = std::stoi(canonical.substr(1, length));
        std::string region;
        util().GetRegionCodeForCountryCode(code, &region);
        if (region != kNoRegion) return length;
    }
    return 0;
}

}  // namespace

std::string canonical_phone(const std::string& written, const std::string& region) {
    if (!is_phone_region(region)) {
        invalid(written, "is placed by region '" + region + "', which has no numbering plan (ISO 3166 codes: CN, IT, US, ...)");
    }
    const std::string compact = without_separators(written);
    // "00" starts the country code everywhere, as "+" does, whatever the region's own
    // international prefix.
    const bool international = compact.rfind('+', 0) == 0 || compact.rfind("00", 0) == 0;
    const std::string text = compact.rfind("00", 0) == 0 ? "+" + compact.substr(2) : written;
    if (!international && region.empty()) return bare_digits(written, compact);

    PhoneNumber number;
    const auto error = util().Parse(text, international ? kNoRegion : region.c_str(), &number);
    if (error != PhoneNumberUtil::NO_PARSING_ERROR) invalid(written, parse_failure(error));
    if (!international && !util().IsValidNumber(number)) {
        // Forms and exports often hold the country code without "+" ("393123456789"): when the
        // number is no valid number of the region but is one with a "+" in front, it is that.
        PhoneNumber with_plus;
        if (parses("+" + compact, kNoRegion, with_plus) && util().IsValidNumber(with_plus)) {
            return formatted(with_plus);
        }
    }
    const std::string why = impossibility(number);
    if (!why.empty()) invalid(written, why);
    return formatted(number);
}

std::string national_digits(const std::string& canonical) {
    const std::string number = canonical.substr(0, canonical.find(kExtension));
    if (number.rfind('+', 0) != 0) return number;
    return number.substr(1 + calling_code_length(number));
}

PhoneNumberType canonical_phone_type(const std::string& canonical) {
    PhoneNumber number;
    if (canonical.rfind('+', 0) != 0 || !parses(canonical, kNoRegion, number)) return PhoneNumberType::unknown;
    switch (util().GetNumberType(number)) {
        case PhoneNumberUtil::FIXED_LINE: return PhoneNumberType::fixed_line;
        case PhoneNumberUtil::MOBILE: return PhoneNumberType::mobile;
        case PhoneNumberUtil::FIXED_LINE_OR_MOBILE: return PhoneNumberType::fixed_line_or_mobile;
        case PhoneNumberUtil::TOLL_FREE: return PhoneNumberType::toll_free;
        case PhoneNumberUtil::PREMIUM_RATE: return PhoneNumberType::premium_rate;
        case PhoneNumberUtil::SHARED_COST: return PhoneNumberType::shared_cost;
        case PhoneNumberUtil::VOIP: return PhoneNumberType::voip;
        case PhoneNumberUtil::PERSONAL_NUMBER: return PhoneNumberType::personal_number;
        case PhoneNumberUtil::PAGER: return PhoneNumberType::pager;
        case PhoneNumberUtil::UAN: return PhoneNumberType::uan;
        case PhoneNumberUtil::VOICEMAIL: return PhoneNumberType::voicemail;
        case PhoneNumberUtil::UNKNOWN: break;
    }
    return PhoneNumberType::unknown;
}

bool is_phone_region(const std::string& region) {
    static const std::set<std::string> regions = [] {
        std::set<std::string> supported;
        util().GetSupportedRegions(&supported);
        return supported;
    }();
    return region.empty() || regions.count(region) != 0;
}

std::string region_of_calling_code(std::string_view digits) {
    if (digits.empty() || digits.size() > 3 ||
        !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c) != 0; }))
        return "";
    std::string region;
    util().GetRegionCodeForCountryCode(std::stoi(std::string(digits)), &region);
    return region == kNoRegion ? "" : region;
}

}  // namespace leadpool::detail
