#ifndef CLIENTS_BUDGETCTL_CONFIG_FILE_H_
#define CLIENTS_BUDGETCTL_CONFIG_FILE_H_

// budgetctl's config file: one "key = value" per line, '#' starts a comment,
// the value may be in double quotes. Keys are the long flag names without
// "--" (addr, token, tls-ca, ...).

#include <map>
#include <set>
#include <string>

namespace budgetctl {

// $XDG_CONFIG_HOME/budgetctl/config, else ~/.config/budgetctl/config; "" when
// neither variable is set.
std::string DefaultConfigPath();

// Reads `path`. A missing file is an empty config when `required` is false.
// Throws UsageError naming the file and line for a malformed line, or a key
// not in `known` keys.
std::map<std::string, std::string> ReadConfigFile(const std::string& path, bool required,
                                                  const std::set<std::string>& known);

// The same format with any keys, for the demo's token file (NAME=token
// lines). `what` names the file in messages ("the token file").
std::map<std::string, std::string> ReadKeyValueFile(const std::string& path,
                                                    const std::string& what, bool required);

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_CONFIG_FILE_H_
