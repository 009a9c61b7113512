#ifndef CLIENTS_BUDGETCTL_REQUEST_IDS_H_
#define CLIENTS_BUDGETCTL_REQUEST_IDS_H_

// Request ids for mutating calls: the server answers a repeat of an id with
// the first answer and writes nothing.

#include <string>

namespace budgetctl {

// A random UUID (version 4) from OpenSSL's generator. Throws CommandError
// when the generator fails.
std::string NewRequestId();

// "<prefix>-" and the first 32 hex digits of SHA-256(content): the same
// content always gives the same id.
std::string DerivedRequestId(const std::string& prefix, const std::string& content);

// `bytes` random bytes as lower-case hex. Throws CommandError on failure.
std::string RandomHex(size_t bytes);

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_REQUEST_IDS_H_
