// leadpool — users and their roles.
#pragma once

#include <string>
#include <vector>

namespace leadpool {

// The host's own user id ("u42", an e-mail, an employee number).
using UserId = std::string;

struct User {
    UserId id;
    std::string name;
    std::string department;
    // Role names as the policy knows them: "director", "salesperson", "market", ...
    std::vector<std::string> roles;
    bool active = true;  // an inactive user keeps their history but may no longer act
};

}  // namespace leadpool
